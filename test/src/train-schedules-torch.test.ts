/**
 * The runtime's schedules (`learningRate` from @nnc/runtime/core) against torch.optim.lr_scheduler:
 * StepLR, ExponentialLR, CosineAnnealingLR, LinearLR→CosineAnnealingLR (cosine with warmup) and
 * OneCycleLR, lr at every optimizer step t = 0 … S−1 (test/reference/train-tables.json).
 */
import { learningRate, SCHEDULE_KINDS } from "@nnc/runtime/core";
import { describe, expect, it } from "vitest";
import { loadTorchTables, maxRelativeError, TOLERANCE } from "./torch-reference.ts";

const tables = loadTorchTables();

describe("learning-rate schedules reproduce PyTorch (float64)", () => {
  it("covers every schedule kind, cosine with and without warmup and min_lr", () => {
    expect([...new Set(tables.schedules.map((c) => c.schedule.kind))].sort()).toEqual([...SCHEDULE_KINDS].sort());
    const cosine = tables.schedules.filter((c) => c.schedule.kind === "cosine").map((c) => [c.schedule.args["warmup"] !== 0, c.schedule.args["min_lr"] !== 0]);
    expect(cosine).toContainEqual([false, false]);
    expect(cosine).toContainEqual([false, true]);
    expect(cosine).toContainEqual([true, true]);
  });

  for (const c of tables.schedules) {
    it(`${c.name}: ${c.torch} [reference: ${c.reference}]`, () => {
      const got = Array.from({ length: c.totalSteps }, (_, t) => learningRate(c.schedule, c.baseLr, t, c.totalSteps));
      // Purely relative: one_cycle ends at max_lr/25/1e4, and that value must be right too.
      expect(maxRelativeError(got, c.lr, Number.MIN_VALUE), JSON.stringify({ got, want: c.lr })).toBeLessThan(TOLERANCE);
    });
  }

  it("one_cycle ignores the optimizer's lr (torch's OneCycleLR sets it from max_lr)", () => {
    const c = tables.schedules.find((x) => x.schedule.kind === "one_cycle")!;
    const other = Array.from({ length: c.totalSteps }, (_, t) => learningRate(c.schedule, 123, t, c.totalSteps));
    expect(maxRelativeError(other, c.lr, Number.MIN_VALUE)).toBeLessThan(TOLERANCE);
  });
});
