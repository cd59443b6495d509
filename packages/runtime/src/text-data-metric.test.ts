import { describe, expect, it } from "vitest";
import type { CompiledModel, ModelMeta } from "./compiled-model.ts";
import { MetricSums } from "./metrics.ts";
import { natsMetric } from "./text-data-metric.ts";

/** A model whose buffers the test fills: output [B, T, C] logits, inputs x, y (and a mask when asked). */
function fake(T: number, C: number, withMask: boolean, buffers: { x: number[]; y: number[]; mask?: number[]; logits: number[] }): CompiledModel {
  const ids = { dtype: "i32" as const, shape: ["B", T] };
  const meta: ModelMeta = {
    model: "Lm",
    inputs: [{ name: "x", ...ids }],
    trainInputs: [{ name: "y", ...ids }, ...(withMask ? [{ name: "mask", dtype: "f32" as const, shape: ["B", T] }] : [])],
    outputs: [{ name: "logits", dtype: "f32", shape: ["B", T, C] }],
    params: [],
    batchDim: "B",
    dtype: "f32",
    hasLoss: true,
  };
  const unused = (): never => {
    throw new Error("not used by metrics");
  };
  return {
    meta,
    maxBatch: 8,
    params: {},
    inputs: { x: Int32Array.from(buffers.x), y: Int32Array.from(buffers.y), ...(buffers.mask === undefined ? {} : { mask: Float32Array.from(buffers.mask) }) },
    outputs: { logits: Float32Array.from(buffers.logits) },
    optimizerState: {},
    initParams: unused,
    forward: unused,
    trainStep: unused,
    evalLoss: unused,
    setLearningRate: unused,
    firstNonFinite: unused,
  };
}

/** −log softmax(z)[k], computed directly. */
const nll = (z: number[], k: number): number => -Math.log(Math.exp(z[k]!) / z.reduce((a, v) => a + Math.exp(v), 0));

describe("the nats metric", () => {
  // Two rows of T = 3 over C = 3 symbols: row 0 is a whole line (3 real positions), row 1 one real position then padding.
  const x = [0, 1, 2, 2, 0, 0];
  const y = [1, 2, 0, 0, 0, 0];
  const logits = [0.5, 1, -1, 2, 0, 0.25, -0.5, 0.5, 1.5, 1, 1, 3, 9, 9, 9, 7, 7, 7];
  const z = (i: number): number[] => logits.slice(3 * i, 3 * i + 3);
  const real = [0, 1, 2, 3];
  const want = real.reduce((a, i) => a + nll(z(i), y[i]!), 0);

  it("sums −log softmax at the target over the real positions and divides by their count (mask derived from x)", () => {
    const model = fake(3, 3, false, { x, y, logits });
    const m = natsMetric(model.meta)!;
    expect(m.measure(model, 2)).toBeCloseTo(want, 5);
    expect(m.weight!(model, 2)).toBe(4);
    const sums = new MetricSums([m]);
    sums.add(model, 2);
    expect(sums.values()["nats"]).toBeCloseTo(want / 4, 5);
  });

  it("is token-weighted over batches, not a mean of batch means; a declared mask is used as given", () => {
    const mask = [1, 1, 1, 1, 0, 0];
    const a = fake(3, 3, true, { x, y, mask, logits });
    const m = natsMetric(a.meta)!;
    // Batch 1 = row 0 only (3 positions), batch 2 = row 1 (1 position).
    const b = fake(3, 3, true, { x: x.slice(3), y: y.slice(3), mask: mask.slice(3), logits: logits.slice(9) });
    const sums = new MetricSums([m]);
    sums.add(a, 1);
    sums.add(b, 1);
    expect(sums.values()["nats"]).toBeCloseTo(want / 4, 5);
    const batchMeans = ([0, 1, 2].reduce((s, i) => s + nll(z(i), y[i]!), 0) / 3 + nll(z(3), y[3]!)) / 2;
    expect(Math.abs(sums.values()["nats"]! - batchMeans)).toBeGreaterThan(0.1);
  });

  it("applies only to a [B, T, C] output with i32 `x` and `y` of [B, T]", () => {
    const base = fake(3, 3, false, { x, y, logits }).meta;
    expect(natsMetric({ ...base, outputs: [{ name: "logits", dtype: "f32", shape: ["B", 3] }] })).toBeNull();
    expect(natsMetric({ ...base, trainInputs: [{ name: "label", dtype: "i32", shape: ["B", 3] }] })).toBeNull();
    expect(natsMetric({ ...base, inputs: [{ name: "x", dtype: "i32", shape: ["B", 4] }] })).toBeNull();
  });
});
