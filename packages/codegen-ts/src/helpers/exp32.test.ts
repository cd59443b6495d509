/**
 * The float32 programs' sigmoid32 and tanh32 (one exp32 each) against float64 Math.exp / Math.tanh:
 * stored in float32, within 1 ulp of the rounded float64 value over [−20, 20] (dense near 0, where
 * tanh switches from its series to the exp form at 0.25), exact at ±0, saturated ends, NaN kept.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { exp32Helper, sigmoid32Helper, tanh32Helper } from "./exp32.ts";

interface Fns {
  sigmoid32(x: number): number;
  tanh32(x: number): number;
}

const t = { ts: false, F: "Float32Array" };
const F = runInThisContext(`(class T {\n${exp32Helper(t)}\n${sigmoid32Helper(t)}\n${tanh32Helper(t)}\n})`) as Fns;

/** Float32 ulps between fround(got) and fround(want). */
function ulps(got: number, want: number): number {
  const [g, w] = [Math.fround(got), Math.fround(want)];
  if (g === w) return 0;
  const a = Math.abs(w);
  return Math.abs(g - w) / (a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23));
}

function points(): number[] {
  const xs: number[] = [];
  for (let i = -200000; i <= 200000; i++) xs.push(i * 1e-4);
  for (let i = -3000; i <= 3000; i++) xs.push(i * 1e-7, 0.25 + i * 1e-8);
  return xs;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

describe("sigmoid32 and tanh32", () => {
  it("are within 1 float32 ulp of float64 σ and tanh over [−20, 20]", () => {
    let [ws, wt] = [0, 0];
    for (const x of points()) {
      ws = Math.max(ws, ulps(F.sigmoid32(x), sigmoid(x)));
      wt = Math.max(wt, ulps(F.tanh32(x), Math.tanh(x)));
    }
    expect(ws).toBeLessThanOrEqual(1);
    expect(wt).toBeLessThanOrEqual(1);
  });

  it("keep ±0 and NaN, and saturate", () => {
    expect(Object.is(F.tanh32(-0), -0)).toBe(true);
    expect(Object.is(F.tanh32(0), 0)).toBe(true);
    expect(F.sigmoid32(0)).toBe(0.5);
    expect(F.tanh32(Number.NaN)).toBeNaN();
    expect(F.sigmoid32(Number.NaN)).toBeNaN();
    expect([F.tanh32(50), F.tanh32(-Infinity), F.sigmoid32(Infinity), F.sigmoid32(-800)]).toEqual([1, -1, 1, 0]);
  });
});
