import type { ModelMeta } from "@nnc/runtime";
import { describe, expect, it } from "vitest";
import { confusionMatrix } from "./confusion.ts";
import { bound, NearestClass } from "./nearest-class-support.ts";

describe("confusionMatrix", () => {
  it("counts (true, predicted) pairs over every row, in batches of maxBatch", () => {
    const model = new NearestClass();
    // Predictions: 0, 1, 2, 1 (tie → lowest), 2; truths: 0, 2, 2, 1, 0.
    const c = confusionMatrix(model, bound([0, 1, 2, 9, 2], [0, 2, 2, 1, 0]));
    expect(c).toEqual({ classes: 3, rows: 5, total: 5, names: null, cells: [[1, 0, 1], [0, 1, 0], [0, 1, 1]] });
    expect(model.forwardRows).toEqual([2, 2, 1]);
  });

  it("counts only the first maxRows rows when the split has more, and says how many it has", () => {
    const model = new NearestClass();
    const c = confusionMatrix(model, bound([0, 1, 2, 9, 2], [0, 2, 2, 1, 0]), 3);
    expect(c).toEqual({ classes: 3, rows: 3, total: 5, names: null, cells: [[1, 0, 0], [0, 0, 0], [0, 1, 1]] });
    expect(model.forwardRows).toEqual([2, 1]);
  });

  it("names the classes when the label field carries names for each", () => {
    const c = confusionMatrix(new NearestClass(), bound([0, 1], [0, 1], ["cat", "dog", "<emu>"]));
    expect(c?.names).toEqual(["cat", "dog", "<emu>"]);
  });

  it("is null for a model that is not a classifier", () => {
    const model = new NearestClass();
    const regression: ModelMeta = { ...model.meta, trainInputs: [{ name: "label", dtype: "f32", shape: ["B", 3] }] };
    expect(confusionMatrix(Object.assign(model, { meta: regression }), bound([0], [0]))).toBeNull();
  });
});
