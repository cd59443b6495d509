import { describe, expect, it } from "vitest";
import { printGraph, verifyGraph } from "@nnc/ir";
import { lookupOp } from "@nnc/ops";
import { dce } from "./dce.ts";
import { sharedMatmul } from "./shared-matmul.ts";
import { parseChecked as parse } from "./test-graphs.ts";
import { typeRuleOf } from "./type-rule.ts";

function rewritten(text: string): string {
  const out = dce(sharedMatmul(parse(text)));
  expect(verifyGraph(out, typeRuleOf(lookupOp))).toEqual([]);
  return printGraph(out);
}

describe("shared-matmul", () => {
  it("multiplies by the matrix itself, and sums a batch of aᵀ·d as one product of the stacked rows", () => {
    const out = rewritten(`graph G dims(B) {
  input x: f32[B, 16, 8] {role="model"}
  input dy: f32[B, 16, 4] {role="model"}
  param W: f32[8, 4]
  %0: f32[B, 8, 4] = broadcast(W) {shape=[B, 8, 4]}
  y: f32[B, 16, 4] = matmul(x, %0)
  dx: f32[B, 16, 8] = matmul(dy, %0) {transB=true}
  %1: f32[B, 8, 4] = matmul(x, dy) {transA=true}
  dW: f32[8, 4] = reduce_sum(%1) {axes=[0], keepdims=false}
  return y, dx, dW
}
`);
    expect(out).toBe(`graph G dims(B) {
  input x: f32[B, 16, 8] {role="model"}
  input dy: f32[B, 16, 4] {role="model"}
  param W: f32[8, 4]
  y: f32[B, 16, 4] = matmul(x, W)
  dx: f32[B, 16, 8] = matmul(dy, W) {transB=true}
  x_rows: f32[16*B, 8] = reshape(x) {shape=[16*B, 8]}
  dy_rows: f32[16*B, 4] = reshape(dy) {shape=[16*B, 4]}
  dW: f32[8, 4] = matmul(x_rows, dy_rows) {transA=true}
  return y, dx, dW
}
`);
  });

  it("flattens every batch axis (rank 4) and a shared left operand; fresh ids avoid taken ones", () => {
    const out = rewritten(`graph G dims(B) {
  input a: f32[B, 2, 3, 5] {role="model"}
  input d: f32[B, 2, 3, 4] {role="model"}
  input a_rows: f32[2] {role="model"}
  param V: f32[3, 3]
  %0: f32[B, 2, 3, 3] = broadcast(V) {shape=[B, 2, 3, 3]}
  l: f32[B, 2, 3, 4] = matmul(%0, d)
  %1: f32[B, 2, 5, 4] = matmul(a, d) {transA=true}
  s: f32[5, 4] = reduce_sum(%1) {axes=[0, 1], keepdims=false}
  return l, s, a_rows
}
`);
    expect(out).toContain("l: f32[B, 2, 3, 4] = matmul(V, d)");
    expect(out).toContain("a_rows_2: f32[6*B, 5] = reshape(a) {shape=[6*B, 5]}");
    expect(out).toContain("s: f32[5, 4] = matmul(a_rows_2, d_rows) {transA=true}");
    expect(out).not.toContain("broadcast");
  });

  it("leaves a partial batch sum, a transposed right operand, a vector broadcast and keepdims alone", () => {
    const text = `graph G dims(B) {
  input a: f32[B, 2, 3, 5] {role="model"}
  input d: f32[B, 2, 3, 4] {role="model"}
  input e: f32[B, 2, 4, 3] {role="model"}
  input x: f32[B, 5, 3] {role="model"}
  param v: f32[1]
  %0: f32[B, 2, 5, 4] = matmul(a, d) {transA=true}
  s: f32[2, 5, 4] = reduce_sum(%0) {axes=[0], keepdims=false}
  %1: f32[B, 2, 5, 4] = matmul(a, e) {transA=true, transB=true}
  t: f32[5, 4] = reduce_sum(%1) {axes=[0, 1], keepdims=false}
  k: f32[1, 1, 5, 4] = reduce_sum(%0) {axes=[0, 1], keepdims=true}
  %2: f32[B, 3, 1] = broadcast(v) {shape=[B, 3, 1]}
  u: f32[B, 5, 1] = matmul(x, %2)
  return s, t, k, u
}
`;
    expect(rewritten(text)).toBe(printGraph(parse(text)));
  });

  it("leaves a product alone when the other operand lacks the batch dims (the result would lose them)", () => {
    // matmul(a, W) would be [3, 5] (a matrix) and [5] (a vector), not the recorded [2, 3, 5] and [2, 5].
    const text = `graph G {
  input a: f32[3, 4] {role="model"}
  input v: f32[4] {role="model"}
  param W: f32[4, 5]
  %0: f32[2, 4, 5] = broadcast(W) {shape=[2, 4, 5]}
  y: f32[2, 3, 5] = matmul(a, %0)
  z: f32[2, 5] = matmul(v, %0)
  return y, z
}
`;
    expect(rewritten(text)).toBe(printGraph(parse(text)));
  });
});
