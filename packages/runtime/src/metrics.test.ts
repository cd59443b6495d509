import { describe, expect, it } from "vitest";
import type { AnyArray, CompiledModel, FloatArray, ModelMeta } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import { bindMetrics, defaultMetrics, METRIC_SEMANTICS, metricName, MetricSums } from "./metrics.ts";
import { METRIC_KINDS, type MetricSetting } from "./settings.ts";

const classifier: ModelMeta = {
  model: "C",
  inputs: [{ name: "x", dtype: "f32", shape: ["B", 2] }],
  trainInputs: [{ name: "label", dtype: "i32", shape: ["B"] }],
  outputs: [{ name: "logits", dtype: "f32", shape: ["B", 4] }],
  params: [],
  batchDim: "B",
  dtype: "f32",
  hasLoss: true,
};

const regressor: ModelMeta = {
  ...classifier,
  model: "R",
  trainInputs: [{ name: "y", dtype: "f64", shape: ["B", 2] }],
  outputs: [{ name: "pred", dtype: "f64", shape: ["B", 2] }],
};

/** A model whose buffers hold given values: metrics only read `outputs` and `inputs`. */
function buffers(meta: ModelMeta, outputs: Record<string, FloatArray>, inputs: Record<string, AnyArray>): CompiledModel {
  const fail = (): never => {
    throw new Error("not used by metrics");
  };
  return { meta, maxBatch: 8, params: {}, inputs, outputs, optimizerState: {}, initParams: fail, forward: fail, trainStep: fail, evalLoss: fail, setLearningRate: fail, firstNonFinite: fail };
}

const m = (kind: MetricSetting["kind"], args: MetricSetting["args"] = {}): MetricSetting => ({ kind, args });

describe("metrics", () => {
  it("has semantics for every metric kind, named as the tables name them", () => {
    expect(Object.keys(METRIC_SEMANTICS).sort()).toEqual([...METRIC_KINDS].sort());
    expect([m("accuracy"), m("top_k", { k: 3 }), m("mae"), m("rmse")].map(metricName)).toEqual(["accuracy", "top_3", "mae", "rmse"]);
  });

  it("measures accuracy and top_k over batches, ties and NaN included", () => {
    // Row 0: label 2 is the largest → accuracy hit, top-1 hit. Row 1: label 0 is third largest.
    // Row 2: label 1 ties the largest (the first index wins argmax; a tie is not "larger" for top_k).
    // Row 3: the label's logit is NaN: never a hit.
    const logits = Float32Array.from([0, 1, 5, 2, 1, 3, 0, 2, 4, 4, 0, 0, 1, Number.NaN, 0, 0]);
    const label = Int32Array.from([2, 0, 1, 1]);
    const model = buffers(classifier, { logits }, { label });
    const sums = new MetricSums(bindMetrics(classifier, [m("accuracy"), m("top_k", { k: 1 }), m("top_k", { k: 2 }), m("top_k", { k: 3 })]));
    sums.add(model, 4);
    expect(sums.values()).toEqual({ accuracy: 1 / 4, top_1: 2 / 4, top_2: 2 / 4, top_3: 3 / 4 });
    // A second batch of the first two rows: sums are over every row seen.
    sums.add(model, 2);
    expect(sums.values()["accuracy"]).toBe(2 / 6);
    expect(sums.values()["top_3"]).toBe(5 / 6);
  });

  it("measures mae and rmse over every element of the epoch", () => {
    const pred = Float64Array.from([1, 2, 3, 4]);
    const y = Float64Array.from([1, 0, 3, 1]);
    const sums = new MetricSums(bindMetrics(regressor, [m("mae"), m("rmse")]));
    sums.add(buffers(regressor, { pred }, { y }), 1); // errors 0, 2
    sums.add(buffers(regressor, { pred: pred.subarray(2) }, { y: y.subarray(2) }), 1); // errors 0, 3
    const v = sums.values();
    expect(v["mae"]).toBe(5 / 4);
    expect(v["rmse"]).toBe(Math.sqrt(13 / 4)); // not the mean of the batches' roots (√2 + √4.5)/2
  });

  it("reports accuracy by default for a classifier and nothing for regression", () => {
    expect(defaultMetrics(classifier)).toEqual([m("accuracy")]);
    expect(defaultMetrics(regressor)).toEqual([]);
    expect(bindMetrics(regressor, null)).toEqual([]);
    expect(bindMetrics(classifier, []).length).toBe(0);
  });

  it("refuses a metric that does not apply, with E0670", () => {
    const refused = (meta: ModelMeta, s: MetricSetting): string => {
      try {
        bindMetrics(meta, [s]);
      } catch (e) {
        if (e instanceof DataError) return `${e.code}: ${e.message}`;
      }
      return "accepted";
    };
    expect(refused(regressor, m("accuracy"))).toMatch(/^E0670: the metric `accuracy` does not apply to model `R`/);
    expect(refused(regressor, m("top_k", { k: 1 }))).toMatch(/^E0670/);
    expect(refused(classifier, m("top_k", { k: 5 }))).toMatch(/^E0670: .*k in 1…4/);
    expect(refused(classifier, m("mae"))).toMatch(/^E0670: the metric `mae`/);
    expect(refused(classifier, m("top_k", { k: 4 }))).toBe("accepted");
  });
});
