import { describe, expect, it } from "vitest";
import { learningRate, SCHEDULE_SEMANTICS } from "./schedules.ts";
import { SCHEDULE_KINDS, type ScheduleSetting } from "./settings.ts";

const lrs = (s: ScheduleSetting, base: number, total: number): number[] => Array.from({ length: total }, (_, t) => learningRate(s, base, t, total));

describe("learning-rate schedules", () => {
  it("has semantics for every schedule kind", () => {
    expect(Object.keys(SCHEDULE_SEMANTICS).sort()).toEqual([...SCHEDULE_KINDS].sort());
  });

  it("constant keeps the base rate", () => {
    expect(lrs({ kind: "constant", args: {} }, 0.1, 4)).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it("step multiplies by gamma every `every` steps", () => {
    const r = lrs({ kind: "step", args: { every: 3, gamma: 0.5 } }, 0.8, 8);
    expect(r).toEqual([0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2]);
  });

  it("exponential multiplies by gamma every step", () => {
    const r = lrs({ kind: "exponential", args: { gamma: 0.5 } }, 1, 4);
    expect(r).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it("cosine warms up linearly, then follows half a cosine from lr to min_lr", () => {
    const s: ScheduleSetting = { kind: "cosine", args: { warmup: 2, min_lr: 0.01 } };
    const r = lrs(s, 0.1, 10);
    expect(r[0]).toBeCloseTo(0.05, 15); // lr·1/2
    expect(r[1]).toBeCloseTo(0.1, 15); // lr·2/2
    expect(r[2]).toBeCloseTo(0.1, 15); // cos 0 = 1: the full rate
    expect(r[6]).toBeCloseTo(0.055, 15); // (t − warmup)/(S − warmup) = 1/2: halfway between lr and min_lr
    expect(r[9]).toBeCloseTo(0.01 + (0.09 * (1 + Math.cos((7 * Math.PI) / 8))) / 2, 15);
    // Without warmup, t = 0 is the full rate and the rates fall monotonically towards 0.
    const plain = lrs({ kind: "cosine", args: { warmup: 0, min_lr: 0 } }, 1, 5);
    expect(plain[0]).toBe(1);
    for (let t = 1; t < 5; t++) expect(plain[t]!).toBeLessThan(plain[t - 1]!);
    expect(plain[4]).toBeCloseTo((1 + Math.cos((4 * Math.PI) / 5)) / 2, 15);
  });

  it("one_cycle follows PyTorch's OneCycleLR and ignores the base rate", () => {
    const s: ScheduleSetting = { kind: "one_cycle", args: { max_lr: 1 } };
    // S = 10: phase one ends at 0.3·10 − 1 = 2; initial = 1/25; final = initial/1e4.
    const r = lrs(s, 123, 10);
    expect(r[0]).toBeCloseTo(0.04, 15);
    expect(r[1]).toBeCloseTo(0.52, 15); // halfway up the cosine: (0.04 + 1)/2
    expect(r[2]).toBe(1);
    expect(r[9]).toBeCloseTo(4e-6, 18);
    // t = 5.5 would be halfway down; t = 6 is 4/7 of the way: end + (start − end)(1 + cos(4π/7))/2.
    expect(r[6]).toBeCloseTo(4e-6 + ((1 - 4e-6) * (1 + Math.cos((4 * Math.PI) / 7))) / 2, 15);
    expect(lrs(s, 0.001, 10)).toEqual(r);
  });
});
