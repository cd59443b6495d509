import { describe, expect, it } from "vitest";
import { checkText, lowerText, node, typeOf } from "./test-helpers.ts";

/** A rank-generic affine map and norm (named so that they do not shadow the library's `dense`/`layer_norm`). */
const PROJ = `dim B
block proj(x: f32[..., I], out: dim) -> f32[..., out] {
  param W: f32[I, out]
  param b: f32[out]
  return x @ W + b
}
`;

function diag(text: string): string[] {
  return checkText(text).diagnostics.filter((d) => d.severity !== "note").map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`);
}

/** `id: type` of each param of the program's model. */
function params(text: string): string[] {
  const m = lowerText(text);
  return m.graph.nodes.filter((n) => n.op === "param").map((n) => `${n.id}: ${typeOf(m, n.id)}`);
}

describe("rank-generic block signatures", () => {
  it("one block called at rank 3 and rank 2: the leading axes carry through, params stay fixed", () => {
    const text = `${PROJ}model M(x: f32[B, 8, 4], z: f32[B, 4]) -> (y: f32[B, 8, 3], w: f32[B, 3]) {\n  y = proj(x, out = 3)\n  w = proj(z, 3)\n}\n`;
    const m = lowerText(text);
    expect(typeOf(m, "y")).toBe("f32[B, 8, 3]");
    expect(typeOf(m, "w")).toBe("f32[B, 3]");
    expect(params(text)).toEqual(["y.W: f32[4, 3]", "y.b: f32[3]", "w.W: f32[4, 3]", "w.b: f32[3]"]);
  });

  it("the pack may be empty (rank 1) or hold concrete axes only", () => {
    const text = `${PROJ}model M(v: f32[4], u: f32[2, 5, 4]) -> (y: f32[3], w: f32[2, 5, 6]) {\n  y = proj(v, out = 3)\n  w = proj(u, out = 6)\n}\n`;
    const m = lowerText(text);
    expect(typeOf(m, "y")).toBe("f32[3]");
    expect(typeOf(m, "w")).toBe("f32[2, 5, 6]");
  });

  it("`i32[...]` ids and named results share one pack", () => {
    const text = `dim B, T
block emb(ids: i32[...], vocab: dim, width: dim) -> (e: f32[..., width], s: f32[...]) {
  param E: f32[vocab, width]
  e = take(E, ids)
  return (e, sum(e, axis = -1))
}
model M(ids: i32[B, T]) -> (y: f32[B, T, 5], s: f32[B, T]) {
  (y, s) = emb(ids, vocab = 10, width = 5)
}
`;
    const m = lowerText(text);
    expect(typeOf(m, "y.e")).toBe("f32[B, T, 5]");
    expect(typeOf(m, "s")).toBe("f32[B, T]");
    expect(m.graph.outputs.map((o) => typeOf(m, o.id))).toEqual(["f32[B, T, 5]", "f32[B, T]"]);
    expect(typeOf(m, "y.E")).toBe("f32[10, 5]");
  });

  it("several `...` arguments with the same leading axes; trailing dims unify across them", () => {
    const text = `dim B, T
block gate(a: f32[..., D], g: f32[..., D]) -> f32[..., D] {
  return a * sigmoid(g)
}
model M(a: f32[B, T, 4], g: f32[B, T, 4]) -> (y: f32[B, T, 4]) {\n  y = gate(a, g)\n}\n`;
    expect(typeOf(lowerText(text), "y")).toBe("f32[B, T, 4]");
  });

  it("calls nest: a rank-generic block calling another passes its pack on", () => {
    const text = `${PROJ}block mlp(x: f32[..., D], hidden: dim) -> f32[..., D] {
  h = relu(proj(x, hidden))
  return proj(h, D) + x
}
model M(x: f32[B, 7, 4]) -> (y: f32[B, 7, 4]) {\n  y = mlp(x, hidden = 16)\n}\n`;
    const m = lowerText(text);
    expect(typeOf(m, "y")).toBe("f32[B, 7, 4]");
    expect(typeOf(m, "y.proj_1.W")).toBe("f32[4, 16]");
    expect(typeOf(m, "y.proj_2.W")).toBe("f32[16, 4]");
  });

  it("repeat applies a rank-generic block to a rank-3 value, each repetition with its own params", () => {
    const text = `${PROJ}block res(x: f32[..., D]) -> f32[..., D] {\n  return x + relu(proj(x, D))\n}\nmodel M(x: f32[B, 6, 4]) -> (y: f32[B, 6, 4]) {\n  y = x |> repeat(res, times = 2)\n}\n`;
    const m = lowerText(text);
    expect(typeOf(m, "y")).toBe("f32[B, 6, 4]");
    expect(m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id)).toEqual(["y.0.proj_1.W", "y.0.proj_1.b", "y.1.proj_1.W", "y.1.proj_1.b"]);
  });

  it("scan applies a rank-generic cell step by step", () => {
    const text = `dim B
block step(x: f32[..., I], h: f32[..., H]) -> f32[..., H] {
  param Wx: f32[I, H]
  return tanh(x @ Wx + h)
}
model M(xs: f32[B, 4, 3], h0: f32[B, 5]) -> (hs: f32[B, 4, 5]) {\n  hs = scan(step, xs, init = h0, axis = 1)\n}\n`;
    const m = lowerText(text);
    expect(typeOf(m, "hs")).toBe("f32[B, 4, 5]");
    expect(node(m, "hs.Wx").op).toBe("param");
  });
});

describe("rank-generic errors", () => {
  const model = (sig: string, body: string): string => `${PROJ}block add(a: f32[..., D], b: f32[..., D]) -> f32[..., D] {\n  return a + b\n}\nmodel M(${sig}) -> (y: f32[B, 4]) {\n  ${body}\n}\n`;

  it("E0343: two `...` arguments with different leading axes, both shapes named", () => {
    const text = model("x: f32[B, 8, 4], z: f32[B, 4]", "y = add(x, z)");
    expect(diag(text)).toEqual(["E0343 11:14 `...` is [B, 8] from argument `a` but [B] from argument `b`"]);
    const d = checkText(text).diagnostics.find((x) => x.code === "E0343")!;
    expect(d.label).toBe("here the leading axes would be [B] (f32[B, 4])");
    expect(d.labels.map((l) => `${l.span.line}:${l.span.column} ${l.message}`)).toEqual([
      "11:11 `...` = [B, 8] from this f32[B, 8, 4]",
      "7:34 `...` in the signature: the same leading axes for every argument",
    ]);
  });

  it("E0343 also when one pack is empty", () => {
    expect(diag(model("x: f32[B, 4], z: f32[4]", "y = add(x, z)"))).toEqual(["E0343 11:14 `...` is [B] from argument `a` but [] (no leading axes) from argument `b`"]);
  });

  it("E0344: an argument with fewer axes than the trailing dims", () => {
    const text = `${PROJ}model M(s: f32) -> (y: f32[3]) {\n  y = proj(s, out = 3)\n}\n`;
    expect(diag(text)).toEqual(["E0344 8:12 argument `x` of `proj` must have at least 1 axis for f32[..., I], but it is f32[]"]);
  });

  it("E0309: the element type still must match; E0312: trailing dims still unify", () => {
    expect(diag(`${PROJ}model M(x: i32[B, 4]) -> (y: f32[B, 3]) {\n  y = proj(x, out = 3)\n}\n`)).toEqual([
      "E0309 8:12 argument `x` of `proj` must be f32[..., I], but it is i32[B, 4]",
    ]);
    expect(diag(model("x: f32[B, 4], z: f32[B, 5]", "y = add(x, z)"))).toEqual(["E0312 11:14 `D` is 4 from argument `a` but 5 from argument `b`"]);
  });

  it("E0309: a wrong trailing size names the absolute axis", () => {
    const text = `dim B
block norm(x: f32[..., 4]) -> f32[..., 4] {\n  return x\n}\nmodel M(x: f32[B, 7, 5]) -> (y: f32[B, 7, 5]) {\n  y = norm(x)\n}\n`;
    expect(diag(text)).toEqual(["E0309 6:12 argument `x` of `norm` must be f32[..., 4], but dimension 2 is 5 instead of 4"]);
  });

  it("E0128: a result with `...` when no parameter has one", () => {
    const text = `dim B\nblock bad(x: f32[D]) -> f32[..., D] {\n  return x\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = x\n}\n`;
    expect(diag(text)).toEqual(["E0128 2:29 a result of block `bad` has `...`, but none of its parameters does"]);
  });

  it("the library's rank-generic blocks: E0344 at the user's argument, the library's signature as a label", () => {
    const text = "dim B\nmodel M(s: f32, x: f32[B, 2, 4]) -> (y: f32[3], z: f32[B, 2, 4]) {\n  y = dense(s, out = 3)\n  z = layer_norm(x)\n}\n";
    expect(diag(text)).toEqual(["E0344 3:13 argument `x` of `dense` must have at least 1 axis for f32[..., I], but it is f32[]"]);
    const d = checkText(text).diagnostics.find((x) => x.code === "E0344")!;
    expect(d.span.file).toBe("test.nn");
    expect(d.labels.some((l) => l.span.file === "nnc:std/dense.nn")).toBe(true);
  });

  it("an uncalled rank-generic block is checked generically: name errors found, shapes not", () => {
    const ok = `dim B\nblock norm(x: f32[..., D]) -> f32[..., D] {\n  m = mean(x, axis = -1, keepdims = true)\n  return x - m\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = x\n}\n`;
    expect(diag(ok)).toEqual([]);
    expect(diag(ok.replace("return x - m", "return x - mu"))).toEqual(["E0101 4:14 undefined name `mu`"]);
  });
});
