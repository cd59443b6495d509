/** Jacobians from basis cotangents: for b = W @ a, ∂b_i/∂W_jk = δ_ij·a_k and ∂b/∂a = W. */
import { describe, expect, it } from "vitest";
import { jacobian } from "@nnc/compiler";
import { type Graph } from "@nnc/ir";
import { GraphBuilder, lookupOp, tensor } from "@nnc/ops";

function matvec(): Graph {
  const b = new GraphBuilder(lookupOp);
  const W = b.add("param", [], { dtype: "f64", shape: [3, 3] }, { name: "W" });
  const a = b.add("input", [], { role: "model", dtype: "f64", shape: [3] }, { name: "a" });
  const out = b.add("matmul", [W, a], {}, { name: "b" });
  return b.finish([{ name: "b", id: out }]);
}

const W = tensor([3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 10]);
const a = tensor([3], [0.5, -1, 2]);

describe("jacobian", () => {
  it("of b = W @ a w.r.t. W has shape [3,3,3] and equals δ_ij·a_k", () => {
    const j = jacobian(matvec(), "b", "W", { W, a });
    expect(j.shape).toEqual([3, 3, 3]);
    expect(j.values.shape).toEqual([3, 3, 3]);
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) expected.push(i === r ? a.data[k]! : 0);
    // `+ 0` turns the −0 of 0·(negative) into 0.
    expect(Array.from(j.values.data, (v) => v + 0)).toEqual(expected);
  });

  it("of b = W @ a w.r.t. a is W", () => {
    const j = jacobian(matvec(), "b", "a", { W, a });
    expect(j.shape).toEqual([3, 3]);
    expect(Array.from(j.values.data)).toEqual(Array.from(W.data));
  });

  it("of a scalar is its gradient", () => {
    const b = new GraphBuilder(lookupOp);
    const x = b.add("input", [], { role: "model", dtype: "f64", shape: [2] }, { name: "x" });
    const s = b.add("reduce_sum", [b.add("mul", [x, x])], { axes: [0], keepdims: false }, { name: "s" });
    const j = jacobian(b.finish([{ name: "s", id: s }]), "s", "x", { x: tensor([2], [3, -4]) });
    expect(j.shape).toEqual([2]);
    expect(Array.from(j.values.data)).toEqual([6, -8]);
  });
});
