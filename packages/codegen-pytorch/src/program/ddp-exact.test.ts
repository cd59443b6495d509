import { describe, expect, it } from "vitest";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { ddpDifference } from "./ddp-exact.ts";

const B = { terms: [{ coef: 1, syms: ["B"] }] };

/** x: f32[B, 2] → z = x @ W; `loss` builds the loss from (builder, x, z, W). */
function lossOf(loss: (b: GraphBuilder, x: string, z: string, w: string) => string): string | null {
  const b = new GraphBuilder(lookupOp);
  const x = b.add("input", [], { role: "model", dtype: "f32", shape: [B, 2] }, { name: "x" });
  const w = b.add("param", [], { dtype: "f32", shape: [2, 2] }, { name: "W" });
  const z = b.add("matmul", [x, w]);
  const l = loss(b, x, z, w);
  return ddpDifference(b.finish([{ name: "loss", id: l }]), l);
}
const sq = (b: GraphBuilder, v: string): string => b.add("mul", [v, v]);
const all = { axes: [0, 1], keepdims: false };

describe("ddpDifference", () => {
  it("is null for a mean over the rows, with or without a batch-independent L2 term", () => {
    expect(lossOf((b, _x, z) => b.add("reduce_mean", [sq(b, z)], all))).toBeNull();
    expect(
      lossOf((b, _x, z, w) => {
        const l2 = b.add("mul", [b.add("const", [], { value: 0.01, dtype: "f32", shape: [] }), b.add("reduce_sum", [sq(b, w)], all)]);
        return b.add("add", [b.add("reduce_mean", [sq(b, z)], all), l2]);
      }),
    ).toBeNull();
  });
  it("names a loss that is not a mean over the rows", () => {
    expect(lossOf((b, _x, z) => b.add("reduce_sum", [sq(b, z)], all))).toContain("the loss is not a mean over the batch's rows");
    expect(lossOf((b, _x, z) => b.add("reduce_mean", [sq(b, z)], { axes: [1], keepdims: false }))).toContain("not a mean");
  });
  it("names rows that interact in the forward (batch norm's statistics), even with a mean loss", () => {
    const why = lossOf((b, x, _z, w) => {
      const m = b.add("reduce_mean", [x], { axes: [0], keepdims: true });
      const xc = b.add("sub", [x, b.add("broadcast", [m], { shape: [B, 2] })]);
      return b.add("reduce_mean", [sq(b, b.add("matmul", [xc, w]))], all);
    });
    expect(why).toContain("rows of a batch interact in the forward (`reduce_mean` over the batch axis");
  });
});
