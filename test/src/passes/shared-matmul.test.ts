/**
 * The shared-matmul pass on real differentiated graphs: `x @ W` with x of rank 3 and 4, forward and
 * gradient, give the same values (float64, reference interpreter) with and without it, and the
 * optimized graph has no broadcast of W left.
 */
import { describe, expect, it } from "vitest";
import { checkSource, gradient } from "@nnc/compiler";
import { DEFAULT_PIPELINE, runPipeline } from "@nnc/passes";
import { rng } from "../gradcheck-helpers.ts";
import { expectSameOutputs, uniformTensor } from "./same-values.ts";

const TEXT = `dim B
model M(x: f32[B, 3, 4], z: f32[B, 2, 3, 4]) -> (y: f32[B, 3, 5], w: f32[B, 2, 3, 5]) {
  param W: f32[4, 5]
  param V: f32[5, 4]
  y = x @ W
  w = (z @ W) @ V @ W
}
train M {
  input t: f32[B, 3, 5]
  loss = mean(y * t) + sum(w * w)
  optimizer = sgd(lr = 0.1)
}
`;

describe("shared-matmul pass", () => {
  it("keeps every output and gradient of x @ W (rank 3 and 4 x), and removes the broadcasts of W", () => {
    const checked = checkSource("m.nn", TEXT, { dtype: "f64" });
    expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const model = checked.lowered[0]!;
    const g = gradient(model, model.train!.loss).graph;
    const without = runPipeline(g, DEFAULT_PIPELINE.filter((p) => p !== "shared-matmul"), { verify: true });
    const withPass = runPipeline(g, DEFAULT_PIPELINE, { verify: true });
    expect(without.nodes.filter((n) => n.op === "broadcast" && n.inputs[0] === "W").length).toBeGreaterThan(0);
    expect(withPass.nodes.filter((n) => n.op === "broadcast" && (n.inputs[0] === "W" || n.inputs[0] === "V"))).toEqual([]);
    const next = rng(5);
    const feeds = { x: uniformTensor([3, 3, 4], next), z: uniformTensor([3, 2, 3, 4], next), t: uniformTensor([3, 3, 5], next), W: uniformTensor([4, 5], next), V: uniformTensor([5, 4], next) };
    expectSameOutputs(without, withPass, feeds);
  });
});
