import { describe, expect, it } from "vitest";
import { checkText, codes, LSTM_CELL, lowerText, node, typeOf } from "./test-helpers.ts";

// Named lstm_step (as long as lstm_cell: columns unchanged) so that it does not shadow the library's lstm_cell.
const CELL = LSTM_CELL.replaceAll("lstm_cell", "lstm_step");

function diag(text: string): string[] {
  return checkText(text).diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`);
}

describe("blocks with several results", () => {
  it("return a tuple that destructures into tensors of the declared types", () => {
    const m = lowerText(`${CELL}model M(x: f32[B, 3], h0: f32[B, 5], c0: f32[B, 5]) -> (h: f32[B, 5], c: f32[B, 5]) {
  (h, c) = lstm_step(x, h0, c0)
}
`);
    const out = (name: string): string => m.graph.outputs.find((o) => o.name === name)!.id;
    expect(typeOf(m, out("h"))).toBe("f32[B, 5]");
    expect(typeOf(m, out("c"))).toBe("f32[B, 5]");
    expect(node(m, out("h")).op).toBe("mul");
    // `c` is the cell's `c2` (a value keeps the first name it was given)
    expect(out("c")).toBe("h.c2");
    expect(node(m, out("c")).op).toBe("add");
    // the call is named after its first target
    expect(typeOf(m, "h.Wx")).toBe("f32[3, 20]");
  });

  it("one named result returns the plain tensor", () => {
    const m = lowerText(`dim B
block half(x: f32[N, D]) -> (y: f32[N, D]) {
  return x * 0.5
}
model M(x: f32[B, 3]) -> (y: f32[B, 3]) {
  y = half(x)
}
`);
    expect(node(m, "y").op).toBe("mul");
  });

  it("accepts a returned tuple value and numbers (filled constants)", () => {
    const m = lowerText(`dim B
block parts(x: f32[N, 4]) -> (a: f32[N, 2], b: f32[N, 2]) {
  return split(x, 2, axis = 1)
}
block consts(x: f32[N, 2]) -> (a: f32[N, 2], one: f32[N, 2]) {
  return (x, 1)
}
model M(x: f32[B, 4]) -> (y: f32[B, 2]) {
  (p, q) = parts(x)
  (r, s) = consts(p)
  y = q + r + s
}
`);
    expect(typeOf(m, "q")).toBe("f32[B, 2]");
    expect(m.graph.nodes.some((n) => n.op === "const" && n.attrs["value"] === 1)).toBe(true);
  });

  it("reports a result count mismatch once (E0330), naming the declaration", () => {
    const src = `${CELL.replace("return (sigmoid(o) * tanh(c2), c2)", "return c2")}model M(x: f32[B, 3], h0: f32[B, 5], c0: f32[B, 5]) -> (h: f32[B, 5], c: f32[B, 5]) {
  (h, c) = lstm_step(x, h0, c0)
}
`;
    const d = diag(src);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(/^E0330 8:10 `lstm_step` declares 2 results, but its return gives one value/);
    const r = checkText(src).diagnostics[0]!;
    expect(r.help).toContain("return (h, c)");
  });

  it("reports a result of the wrong type (E0331) at the returned element, naming the result", () => {
    const src = `${CELL.replace("return (sigmoid(o) * tanh(c2), c2)", "return (sigmoid(o) * tanh(c2), x @ Wx)")}model M(x: f32[B, 3], h0: f32[B, 5], c0: f32[B, 5]) -> (h: f32[B, 5], c: f32[B, 5]) {
  (h, c) = lstm_step(x, h0, c0)
}
`;
    expect(diag(src)).toEqual(["E0331 8:34 result `c` of `lstm_step` is f32[B, 20], but its declared type is f32[N, H] = f32[B, 5]"]);
  });

  it("states the declared type once when it reads the same at the call", () => {
    const src = `dim B\nblock pair(x: f32[B, 4]) -> (a: f32[B, 4], b: f32[B, 4]) {\n  return (x, sum(x, axis = 1))\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  (p, q) = pair(x)\n  y = p + q\n}\n`;
    expect(diag(src)).toEqual(["E0331 3:14 result `b` of `pair` is f32[B], but its declared type is f32[B, 4]"]);
  });

  it("checks blocks that are never called: result counts but not shapes", () => {
    expect(codes(`block two(x: f32[N, D]) -> (a: f32[N, D], b: f32[N, D]) {\n  return (x, x, x)\n}\n`)).toEqual(["E0330 2:10"]);
    expect(codes(`block two(x: f32[N, D]) -> (a: f32[N, D], b: f32[N, D]) {\n  return (x, x)\n}\n`)).toEqual([]);
  });

  it("reports two results of one name (E0102)", () => {
    expect(codes(`block two(x: f32[N, D]) -> (a: f32[N, D], a: f32[N, D]) {\n  return (x, x)\n}\n`)).toEqual(["E0102 1:43"]);
  });

  it("keeps the single-type message and code (E0309) for a wrong plain return", () => {
    const d = diag(`dim B\nblock f(x: f32[N, 3]) -> f32[N, 4] {\n  return x\n}\nmodel M(x: f32[B, 3]) -> (y: f32[B, 4]) {\n  y = f(x)\n}\n`);
    expect(d).toEqual(["E0309 3:10 `f` returns f32[B, 3], but its declared return type is f32[N, 4] = f32[B, 4]"]);
  });
});
