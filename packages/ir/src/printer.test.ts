import { describe, expect, it } from "vitest";
import { SourceFile } from "@nnc/diagnostics";
import { sym, dimMul, dimAdd } from "./dim.ts";
import type { Graph } from "./graph.ts";
import { printBackward, printGraph } from "./printer.ts";
import { isParseError, parseGraph } from "./parser.ts";

const src = new SourceFile("mlp.nn", "model M(x: f32[B, 4]) -> (y: f32[B, 2]) {\n  param W: f32[4, 2] = zeros()\n  y = relu(x @ W)\n}\n");
const B = sym("B");
/** The span of the first occurrence of `text` in the source. */
function at(text: string) {
  const i = src.text.indexOf(text);
  return src.span(i, i + text.length);
}

const g: Graph = {
  name: "M",
  dims: ["B"],
  inits: { W: { kind: "normal", mean: 0, std: 0.1 } },
  nodes: [
    { id: "x", op: "input", inputs: [], attrs: { role: "model", dtype: "f32", shape: [B, 4] }, type: { dtype: "f32", shape: [B, 4] }, span: at("x: f32[B, 4]") },
    { id: "W", op: "param", inputs: [], attrs: { dtype: "f32", shape: [4, 2] }, type: { dtype: "f32", shape: [4, 2] }, span: at("param W: f32[4, 2] = zeros()") },
    { id: "%0", op: "matmul", inputs: ["x", "W"], attrs: { transB: false, transA: false }, type: { dtype: "f32", shape: [B, 2] }, span: at("x @ W") },
    { id: "y", op: "relu", inputs: ["%0"], attrs: {}, type: { dtype: "f32", shape: [B, 2] }, span: at("relu(x @ W)") },
    { id: "dy", op: "input", inputs: [], attrs: { role: "cotangent", dtype: "f32", shape: [B, 2] }, type: { dtype: "f32", shape: [B, 2] } },
    { id: "%1", op: "relu_grad", inputs: ["%0", "dy"], attrs: {}, type: { dtype: "f32", shape: [B, 2] }, span: at("relu(x @ W)"), origin: { rule: "relu.vjp", forward: "y" } },
    { id: "dW", op: "matmul", inputs: ["x", "%1"], attrs: { transA: true }, type: { dtype: "f32", shape: [4, 2] }, span: at("x @ W"), origin: { rule: "matmul.vjp.rhs", forward: "%0" } },
    { id: "n", op: "const", inputs: [], attrs: { value: 0.5, dtype: "f32", shape: [dimAdd(dimMul(2, B), 1)] }, type: { dtype: "f32", shape: [dimAdd(dimMul(2, B), 1)] }, origin: { rule: "x", forward: "y" } },
  ],
  outputs: [
    { name: "y", id: "y" },
    { name: "dW", id: "dW" },
    { name: "grad x", id: "%1" },
  ],
};

const EXPECTED = `graph M dims(B) {
  input x: f32[B, 4] {role="model"}                        # mlp.nn:1:9-21
  param W: f32[4, 2] = normal(mean=0, std=0.1)             # mlp.nn:2:3-31
  %0: f32[B, 2] = matmul(x, W) {transA=false, transB=false} # mlp.nn:3:12-17
  y: f32[B, 2] = relu(%0)                                  # mlp.nn:3:7-18
  input dy: f32[B, 2] {role="cotangent"}
  # backward
  %1: f32[B, 2] = relu_grad(%0, dy)                        # mlp.nn:3:7-18 ← relu.vjp of y
  dW: f32[4, 2] = matmul(x, %1) {transA=true}              # mlp.nn:3:12-17 ← matmul.vjp.rhs of %0
  n: f32[2*B + 1] = const() {value=0.5}                    # ← x of y
  return y, dW, "grad x" = %1
}
`;

describe("printGraph", () => {
  it("prints the canonical text form", () => {
    expect(printGraph(g)).toBe(EXPECTED);
  });

  it("parses back to the same graph, offsets included when the source is given", () => {
    const back = parseGraph(EXPECTED, { sources: [src] });
    expect(back).toEqual(g);
  });

  it("without the source, spans keep lines and columns and get zero offsets", () => {
    const back = parseGraph(EXPECTED);
    if (isParseError(back)) throw new Error(back.error);
    expect(back.nodes[0]!.span).toEqual({ file: "mlp.nn", start: 0, end: 0, line: 1, column: 9, endLine: 1, endColumn: 21 });
  });

  it("printBackward shows only the nodes with an origin", () => {
    expect(printBackward(g)).toBe(`# backward
%1: f32[B, 2] = relu_grad(%0, dy)           # mlp.nn:3:7-18 ← relu.vjp of y
dW: f32[4, 2] = matmul(x, %1) {transA=true} # mlp.nn:3:12-17 ← matmul.vjp.rhs of %0
n: f32[2*B + 1] = const() {value=0.5}       # ← x of y
`);
  });

  it("prints an empty graph", () => {
    expect(printGraph({ name: "e", nodes: [], outputs: [], inits: {}, dims: [] })).toBe("graph e {\n  return\n}\n");
  });

  it("prints steps in the comment between span and origin, buffers as sources and updates as next lines", () => {
    const f32 = (shape: number[]) => ({ dtype: "f32" as const, shape });
    const step = { group: "hs", index: 3, count: 32 };
    const sg: Graph = {
      name: "S",
      dims: [],
      inits: { m: { kind: "zeros" }, W: { kind: "ones" } },
      updates: [{ buffer: "m", value: "h" }],
      nodes: [
        { id: "x", op: "input", inputs: [], attrs: { role: "model", dtype: "f32", shape: [2] }, type: f32([2]) },
        { id: "W", op: "param", inputs: [], attrs: { dtype: "f32", shape: [2] }, type: f32([2]) },
        { id: "m", op: "buffer", inputs: [], attrs: { dtype: "f32", shape: [2] }, type: f32([2]) },
        { id: "h", op: "mul", inputs: ["x", "W"], attrs: {}, type: f32([2]), span: at("x @ W"), step },
        { id: "%1", op: "mul", inputs: ["h", "x"], attrs: {}, type: f32([2]), step: { group: "a b", index: 0, count: 1 }, origin: { rule: "mul.vjp.1", forward: "h" } },
      ],
      outputs: [{ name: "h", id: "h" }],
    };
    const text = printGraph(sg);
    expect(text).toBe(`graph S {
  input x: f32[2] {role="model"}
  param W: f32[2] = ones()
  buffer m: f32[2] = zeros()
  h: f32[2] = mul(x, W)  # mlp.nn:3:12-17 @hs[3/32]
  # backward
  %1: f32[2] = mul(h, x) # @"a b"[0/1] ← mul.vjp.1 of h
  next m = h
  return h
}
`);
    expect(parseGraph(text, { sources: [src] })).toEqual(sg);
  });
});

