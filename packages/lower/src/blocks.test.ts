import { describe, expect, it } from "vitest";
import { checkText, codes, lowerText, node, typeOf } from "./test-helpers.ts";

const FC = `dim B
block fc(x: f32[N, I], out: dim, alpha: float = 0.01) -> f32[N, out] {
  param W: f32[I, out] = he_uniform()
  param b: f32[out]
  return leaky_relu(x @ W + b, alpha = alpha)
}
`;

describe("blocks", () => {
  it("binds signature dims by unification and `dim` parameters by value (named or positional)", () => {
    const m = lowerText(`${FC}model M(x: f32[B, 3]) -> (y: f32[B, 5]) {\n  h = fc(x, 7)\n  y = fc(h, out = 5, alpha = 0.5)\n}\n`);
    expect(typeOf(m, "h.W")).toBe("f32[3, 7]");
    expect(typeOf(m, "y.W")).toBe("f32[7, 5]");
    expect(typeOf(m, "y.b")).toBe("f32[5]");
    expect(node(m, "h").attrs).toEqual({ alpha: 0.01 });
    expect(node(m, "y").attrs).toEqual({ alpha: 0.5 });
    expect(m.graph.inits["y.b"]).toEqual({ kind: "zeros" });
  });

  it("names nested call sites h1.inner.W and unbound calls <block>_<n>, deterministically", () => {
    const src = `dim B
block lin(x: f32[N, I], k: dim) -> f32[N, k] {
  param W: f32[I, k]
  return x @ W
}
block two(x: f32[N, I]) -> f32[N, 2] {
  inner = lin(x, 4)
  return lin(relu(inner), 2)
}
model M(x: f32[B, 3]) -> (y: f32[B, 2]) {
  h1 = two(x)
  y = h1 + two(x) + lin(x, 2)
}
`;
    const ids = lowerText(src).graph.nodes.filter((n) => n.op === "param").map((n) => n.id);
    expect(ids).toEqual(["h1.inner.W", "h1.lin_1.W", "two_1.inner.W", "two_1.lin_1.W", "lin_1.W"]);
    expect(lowerText(src).graph.nodes.map((n) => n.id)).toEqual(lowerText(src).graph.nodes.map((n) => n.id));
  });

  it("checks the returned type against the declaration, with a label at the call site", () => {
    const r = checkText(`dim B
block f(x: f32[N, I]) -> f32[N, I] {
  return sum(x, axis = 1)
}
model M(x: f32[B, 4]) -> (y: f32[B, 4]) {
  y = f(x)
}
`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0309"]);
    expect(r.diagnostics[0]!.message).toBe("`f` returns f32[B], but its declared return type is f32[N, I] = f32[B, 4]");
    expect(r.diagnostics[0]!.labels.map((l) => `${l.span.line}:${l.span.column} ${l.message}`)).toEqual(["2:26 declared here", "6:7 in this call of `f`"]);
  });

  it("reports a unification conflict naming both bindings", () => {
    const r = checkText(`block add2(a: f32[N], b: f32[N]) -> f32[N] {
  return a + b
}
model M(p: f32[3], q: f32[4]) -> (y: f32[3]) {
  y = add2(p, q)
}
`);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["`N` is 3 from argument `a` but 4 from argument `b`"]);
  });

  it("a dim expression in a signature is checked after unification", () => {
    const src = (n: number): string => `block dup(a: f32[N], b: f32[2 * N]) -> f32[N] {\n  return a\n}\nmodel M(p: f32[3], q: f32[${n}]) -> (y: f32[3]) {\n  y = dup(p, q)\n}\n`;
    expect(codes(src(6))).toEqual([]);
    expect(codes(src(5))).toEqual(["E0309 5:14"]);
  });

  it("an error inside a block called twice is reported once", () => {
    const r = checkText(`dim B
block f(x: f32[N, I]) -> f32[N, I] {
  return relu(xx)
}
model M(x: f32[B, 4]) -> (y: f32[B, 4]) {
  y = f(x) + f(x)
}
`);
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(["E0101 3:15"]);
  });

  it("argument errors: unknown named argument, wrong kind, missing dim", () => {
    expect(codes(`${FC}model M(x: f32[B, 3]) -> (y: f32[B, 5]) {\n  y = fc(x, outs = 5)\n}\n`)).toEqual(["E0106 8:13"]);
    expect(codes(`${FC}model M(x: f32[B, 3]) -> (y: f32[B, 5]) {\n  y = fc(x, out = 2.5)\n}\n`)).toEqual(["E0203 8:19"]);
    expect(codes(`${FC}model M(x: f32[B, 3]) -> (y: f32[B, 5]) {\n  y = fc(x)\n}\n`)).toEqual(["E0105 8:7"]);
  });

  it("a block no model calls is checked for names, without spurious shape errors", () => {
    expect(codes(`${FC}model M(x: f32[B, 3]) -> (y: f32[B, 3]) {\n  y = x\n}\n`)).toEqual([]);
    const typo = `dim B\nblock f(x: f32[N, I], k: dim, a: float = 0.1) -> f32[N, k] {\n  param W: f32[I, k]\n  return leaky_relu(x @ W, alpha = aa) |> softmaxx()\n}\n`;
    expect(codes(typo)).toEqual(["E0101 4:36", "E0104 4:43"]);
  });
});
