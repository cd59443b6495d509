/**
 * Conventions pinned exactly (OPS.md): relu'(0) = 0; the gradient of max over [1, 3, 3] splits the tie
 * [0, .5, .5]; log_softmax and cross_entropy at logits [1000, 0, −1000] stay finite with gradients
 * [−1, 0, 1] / [1, 0, −1] (the naive log(softmax) gives −inf and NaN).
 */
import { describe, expect, it } from "vitest";
import { differentiate } from "@nnc/autodiff";
import type { Graph } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import { GraphBuilder, lookupOp, tensor, type Tensor } from "@nnc/ops";

/** x: f64[n] → z = op(x, attrs) (+ extra operands) → loss = Σ z, or z itself if scalar. */
function unaryLoss(op: string, n: number, attrs = {}): { graph: Graph; x: string; z: string } {
  const b = new GraphBuilder(lookupOp);
  const x = b.add("input", [], { role: "model", dtype: "f64", shape: [n] }, { name: "x" });
  const z = b.add(op, [x], attrs, { name: "z" });
  const loss = b.type(z).shape.length === 0 ? z : b.add("reduce_sum", [z], { axes: [0], keepdims: false }, { name: "loss" });
  return { graph: b.finish([{ name: "loss", id: loss }]), x, z: loss };
}

function gradAt(graph: Graph, of: string, wrt: string, feeds: Record<string, Tensor>): { value: Tensor; grad: Tensor } {
  const r = differentiate({ graph, of, wrt: [wrt] });
  expect(r.diagnostics).toEqual([]);
  const vals = interpret(r.graph, feeds);
  return { value: vals.get(of)!, grad: vals.get(r.grads[wrt]!)! };
}

describe("pinned gradient conventions", () => {
  it("relu'(0) = 0", () => {
    const { graph, z } = unaryLoss("relu", 4);
    const { grad } = gradAt(graph, z, "x", { x: tensor([4], [-1, 0, 1e-9, 2]) });
    expect(Array.from(grad.data)).toEqual([0, 0, 1, 1]);
  });

  it("max over [1, 3, 3] splits the tie: [0, 0.5, 0.5]", () => {
    const { graph, z } = unaryLoss("reduce_max", 3, { axes: [0], keepdims: false });
    const { value, grad } = gradAt(graph, z, "x", { x: tensor([3], [1, 3, 3]) });
    expect(value.data[0]).toBe(3);
    expect(Array.from(grad.data)).toEqual([0, 0.5, 0.5]);
  });

  it("maximum(a, b) splits a tie ½/½", () => {
    const b = new GraphBuilder(lookupOp);
    const x = b.add("input", [], { role: "model", dtype: "f64", shape: [2] }, { name: "x" });
    const y = b.add("input", [], { role: "model", dtype: "f64", shape: [2] }, { name: "y" });
    const loss = b.add("reduce_sum", [b.add("maximum", [x, y])], { axes: [0], keepdims: false }, { name: "loss" });
    const r = differentiate({ graph: b.finish([]), of: loss, wrt: ["x", "y"] });
    const vals = interpret(r.graph, { x: tensor([2], [1, 5]), y: tensor([2], [1, 2]) });
    expect(Array.from(vals.get(r.grads["x"]!)!.data)).toEqual([0.5, 1]);
    expect(Array.from(vals.get(r.grads["y"]!)!.data)).toEqual([0.5, 0]);
  });

  it("log_softmax at [1000, 0, −1000] is finite; the gradient of its last entry is [−1, 0, 1]", () => {
    const b = new GraphBuilder(lookupOp);
    const x = b.add("input", [], { role: "model", dtype: "f64", shape: [3] }, { name: "x" });
    const z = b.add("log_softmax", [x], { axis: 0 }, { name: "z" });
    const graph = b.finish([{ name: "z", id: z }]);
    const r = differentiate({ graph, of: "z", wrt: ["x"] });
    const vals = interpret(r.graph, { x: tensor([3], [1000, 0, -1000]), [r.cotangent!]: tensor([3], [0, 0, 1]) });
    expect(Array.from(vals.get("z")!.data)).toEqual([0, -1000, -2000]);
    expect(Array.from(vals.get(r.grads["x"]!)!.data)).toEqual([-1, 0, 1]);
  });

  it("cross_entropy at logits [1000, 0, −1000], label 2: loss 2000, gradient [1, 0, −1]", () => {
    const b = new GraphBuilder(lookupOp);
    const logits = b.add("input", [], { role: "model", dtype: "f64", shape: [1, 3] }, { name: "logits" });
    const label = b.add("input", [], { role: "train", dtype: "i32", shape: [1] }, { name: "label" });
    const ce = b.add("cross_entropy", [logits, label], {}, { name: "ce" });
    const loss = b.add("reduce_sum", [ce], { axes: [0], keepdims: false }, { name: "loss" });
    const r = differentiate({ graph: b.finish([]), of: loss, wrt: ["logits"] });
    expect(r.diagnostics).toEqual([]);
    const vals = interpret(r.graph, { logits: tensor([1, 3], [1000, 0, -1000]), label: tensor([1], [2]) });
    expect(vals.get("loss")!.data[0]).toBe(2000);
    expect(Array.from(vals.get(r.grads["logits"]!)!.data)).toEqual([1, 0, -1]);
  });
});
