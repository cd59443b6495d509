import { describe, expect, it } from "vitest";
import { dimToString } from "./dim.ts";
import { isParseError, parseGraph, type GraphParseError } from "./parser.ts";
import type { Graph } from "./graph.ts";

function ok(text: string): Graph {
  const g = parseGraph(text);
  if (isParseError(g)) throw new Error(`${g.error} at ${g.line}:${g.column}`);
  return g;
}

function err(text: string): GraphParseError {
  const g = parseGraph(text);
  if (!isParseError(g)) throw new Error("expected a parse error");
  return g;
}

describe("parseGraph", () => {
  it("reads symbolic dims, dotted ids and keyword-named values", () => {
    const g = ok(`graph G dims(B, T) {
  input h1.W: f32[B*T, 2*B + 1, B - 2]
  input: i32[] = foo(h1.W) {start=-B + 1, axes=[0, 1]}
  return input
}`);
    expect(g.nodes[0]!.id).toBe("h1.W");
    expect(g.nodes[0]!.type.shape.map(dimToString)).toEqual(["B*T", "2*B + 1", "B - 2"]);
    expect(g.nodes[0]!.attrs).toEqual({ dtype: "f32", shape: g.nodes[0]!.type.shape });
    expect(g.nodes[1]!.id).toBe("input");
    expect(dimToString(g.nodes[1]!.attrs.start as never)).toBe("-B + 1");
    expect(g.outputs).toEqual([{ name: "input", id: "input" }]);
  });

  it("accepts comment lines and blank lines anywhere", () => {
    const g = ok("# a header comment\n\ngraph G {\n  # note\n  input x: f32[]\n\n  return x # the result\n}\n# trailing\n");
    expect(g.nodes.map((n) => n.id)).toEqual(["x"]);
  });

  it("reports errors with their line and column", () => {
    expect(err("graph G {\n  a: f32[] = add(b c)\n}")).toEqual({ error: "expected ',', found 'c'", line: 2, column: 20 });
    expect(err("graph G {\n  a: f33[] = add(b)\n}")).toMatchObject({ line: 2, column: 6 });
    expect(err("graph G {\n  input x: f32[]\n")).toMatchObject({ error: "missing the graph's closing '}'" });
    expect(err("nodes {\n}")).toMatchObject({ error: "expected 'graph', found 'nodes'", line: 1, column: 1 });
    expect(err("graph G {\n  return\n  input x: f32[]\n}")).toMatchObject({ line: 3, column: 3 });
    expect(err("graph G {\n  a: f32[] = f() # not a span\n}")).toMatchObject({ line: 2 });
    expect(err('graph G {\n  a: f32[] = f() {s="x}\n}')).toMatchObject({ error: "unterminated string", line: 2, column: 21 });
    expect(err("graph G {\n  a: f32[] = f() {k=1, k=2}\n}")).toMatchObject({ error: "attribute 'k' given twice" });
    expect(err("graph G {\n}\nx")).toMatchObject({ line: 3 });
    expect(err("graph G {\n  param W: f32[] = zeros()\n  init W = ones()\n}")).toMatchObject({ line: 3 });
    expect(err("graph G {\n  param W: f32[] = lecun()\n}")).toMatchObject({ error: "unknown initializer 'lecun'" });
    expect(err("graph G {\n  a: f32[] = f() # @hs[3]\n}")).toMatchObject({ error: "expected '[index/count]' after the step's group in '@hs[3]'", line: 2 });
    expect(err("graph G {\n  a: f32[] = f() # x.nn:1:2 @hs[1/2] junk\n}")).toMatchObject({ line: 2 });
    expect(err("graph G {\n  next m = \n}")).toMatchObject({ error: "expected the buffer's next value, found the end of the line", line: 2 });
    expect(err("graph G {\n  return\n  next m = x\n}")).toMatchObject({ line: 3 });
  });

  it("reads origins without spans and spans across lines", () => {
    const g = ok("graph G {\n  a: f32[] = f() # ← f.vjp of b\n  c: f32[] = f() # x.nn:3:4-5:6\n  return\n}");
    expect(g.nodes[0]!.origin).toEqual({ rule: "f.vjp", forward: "b" });
    expect(g.nodes[0]!.span).toBeUndefined();
    expect(g.nodes[1]!.span).toMatchObject({ file: "x.nn", line: 3, column: 4, endLine: 5, endColumn: 6 });
  });
});
