/** The gradient conventions of README.md, pinned exactly by evaluating VJP graphs. */
import { sym, tensorType } from "@nnc/ir";
import { tensor } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { interpret } from "./interpret.ts";
import { buildVjp } from "./vjp-test-util.ts";

function grads(op: string, xs: { shape: number[]; data: number[] }[], attrs: Record<string, number | boolean | number[]>, cot: number[]): number[][] {
  const g = buildVjp(op, xs.map((x) => tensorType("f64", x.shape)), attrs);
  const outShape = g.graph.nodes.find((n) => n.id === g.out)!.type.shape.map(Number);
  const feeds = Object.fromEntries([...g.inputs.map((id, i) => [id, tensor(xs[i]!.shape, xs[i]!.data)] as const), [g.cot, tensor(outShape, cot)] as const]);
  const v = interpret(g.graph, feeds);
  return g.grads.map((id) => (id === null ? [] : [...v.get(id)!.data]));
}

describe("gradient conventions", () => {
  it("relu'(0) = 0", () => {
    expect(grads("relu", [{ shape: [3], data: [-1, 0, 2] }], {}, [1, 1, 1])).toEqual([[0, 0, 1]]);
  });
  it("leaky_relu'(0) = alpha", () => {
    expect(grads("leaky_relu", [{ shape: [3], data: [-1, 0, 2] }], { alpha: 0.25 }, [1, 1, 1])).toEqual([[0.25, 0.25, 1]]);
  });
  it("max over [1, 3, 3] → [0, 0.5, 0.5]; min splits likewise", () => {
    expect(grads("reduce_max", [{ shape: [3], data: [1, 3, 3] }], { axes: [0] }, [1])).toEqual([[0, 0.5, 0.5]]);
    expect(grads("reduce_min", [{ shape: [2, 3], data: [2, 2, 2, 5, 1, 4] }], { axes: [1], keepdims: true }, [3, 1])).toEqual([[1, 1, 1, 0, 1, 0]]);
  });
  it("maximum/minimum split a tie ½/½", () => {
    const a = { shape: [3], data: [1, 2, 3] };
    const b = { shape: [3], data: [3, 2, 1] };
    expect(grads("maximum", [a, b], {}, [1, 1, 1])).toEqual([[0, 0.5, 1], [1, 0.5, 0]]);
    expect(grads("minimum", [a, b], {}, [1, 1, 1])).toEqual([[1, 0.5, 0], [0, 0.5, 1]]);
  });
  it("abs'(0) = 0 and sqrt uses its output", () => {
    expect(grads("abs", [{ shape: [3], data: [-2, 0, 2] }], {}, [1, 1, 1])).toEqual([[-1, 0, 1]]);
    expect(grads("sqrt", [{ shape: [1], data: [4] }], {}, [1])).toEqual([[0.25]]);
  });
  it("mat-vec: dW = db ⊗ a, da = Wᵀ·db", () => {
    const W = { shape: [2, 2], data: [1, 2, 3, 4] };
    const a = { shape: [2], data: [5, 6] };
    expect(grads("matmul", [W, a], {}, [1, -1])).toEqual([[5, 6, -5, -6], [-2, -2]]);
  });
  it("broadcast's VJP sums a bias gradient over the batch", () => {
    expect(grads("broadcast", [{ shape: [3], data: [0, 0, 0] }], { shape: [2, 3] }, [1, 2, 3, 4, 5, 6])).toEqual([[5, 7, 9]]);
    expect(grads("broadcast", [{ shape: [2, 1], data: [0, 0] }], { shape: [2, 3] }, [1, 2, 3, 4, 5, 6])).toEqual([[6, 15]]);
  });
});

describe("reduce_mean over a symbolic dim", () => {
  it("divides by the bound size through dimsize", () => {
    const B = sym("B");
    const g = buildVjp("reduce_mean", [tensorType("f64", [B, 2])], { axes: [0], keepdims: false });
    expect(g.graph.nodes.some((n) => n.op === "dimsize")).toBe(true);
    const v = interpret(g.graph, { x0: tensor([4, 2]), dz: tensor([2], [4, 8]) });
    expect([...v.get(g.grads[0]!)!.data]).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
  });
});
