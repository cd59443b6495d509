import { describe, expect, it } from "vitest";
import { erfScalar } from "./erf.ts";
import { run, t, vals } from "./test-util.ts";

/** erf at doubles x (exact binary values), from mpmath at 40 digits, rounded to 17 significant digits. */
const REFERENCE: readonly (readonly [number, number])[] = [
  [1e-300, 1.1283791670955126e-300],
  [1e-8, 1.1283791670955126e-8],
  [0.1, 0.1124629160182849],
  [0.3, 0.3286267594591274],
  [0.46875, 0.49261347321793797],
  [0.4688, 0.4926587618132793],
  [0.5, 0.5204998778130465],
  [0.75, 0.7111556336535151],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [2.5, 0.999593047982555],
  [3, 0.9999779095030014],
  [3.5, 0.9999992569016276],
  [4, 0.9999999845827421],
  [4.0001, 0.9999999845954353],
  [4.5, 0.9999999998033839],
  [5, 0.9999999999984626],
  [5.5, 0.9999999999999927],
  [5.9, 0.9999999999999999],
  [6.2, 1.0],
];

describe("erf (Cody's rational approximations)", () => {
  it("is within 1e-15 relative of the exact value on every branch, for both signs", () => {
    for (const [x, e] of REFERENCE) {
      expect(Math.abs(erfScalar(x) - e) / e, `erf(${x})`).toBeLessThanOrEqual(1e-15);
      expect(erfScalar(-x), `erf(−${x})`).toBe(-erfScalar(x));
    }
    expect(erfScalar(0.5)).toBe(0.5204998778130465);
  });

  it("handles 0, ±∞, NaN and huge arguments", () => {
    expect(Object.is(erfScalar(0), 0)).toBe(true);
    expect(Object.is(erfScalar(-0), -0)).toBe(true);
    expect(erfScalar(Infinity)).toBe(1);
    expect(erfScalar(-Infinity)).toBe(-1);
    expect(erfScalar(1e300)).toBe(1);
    expect(erfScalar(NaN)).toBeNaN();
  });

  it("is the `erf` op's evaluation; sin, cos and elu evaluate elementwise", () => {
    expect(vals(run("erf", [t([2], [0.5, -1])]))).toEqual([erfScalar(0.5), erfScalar(-1)]);
    expect(vals(run("sin", [t([2], [0, Math.PI / 2])]))).toEqual([0, 1]);
    expect(vals(run("cos", [t([2], [0, Math.PI])]))).toEqual([1, -1]);
    // elu uses expm1: exact near 0, where exp(x) − 1 would cancel.
    expect(vals(run("elu", [t([3], [2, -1e-10, -50])], { alpha: 2 }))).toEqual([2, 2 * Math.expm1(-1e-10), 2 * Math.expm1(-50)]);
  });
});
