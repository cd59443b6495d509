/**
 * The SIMD erf (f32x4, every step rounded to f32) against float64 erf (Cody's, @nnc/ops erfScalar)
 * and against the generated scalar float32 loop (the same steps, each rounded to f32 with Math.fround),
 * which it must equal bit for bit, on arrays in the kernels' memory at odd offsets and lengths: the
 * kernel does n − n % 4 elements, the loop the rest, nothing outside the arrays is written, and arrays
 * outside the memory take the loop alone.
 */
import { runInThisContext } from "node:vm";
import { erfScalar } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { simdHelper } from "../helpers/simd.ts";
import { SPECIAL_KERNELS } from "../kernels/special.ts";
import type { CallCtx } from "../kernel-types.ts";
import { guardedArrays } from "../test-guarded-arrays.ts";
import { erfSimdHelper } from "./elementwise-erf.ts";

interface Kernels {
  erfSimd(x: Float32Array, y: Float32Array, n: number): number;
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): Float32Array[];
  SIMD_KERNELS: WeakMap<ArrayBufferLike, unknown>;
}

const t = { ts: false, F: "Float32Array" };
const K = runInThisContext(`(class T {\n${simdHelper(t, undefined, [], true, true)}\n${erfSimdHelper(t)}\n})`) as Kernels;

/** The erf kernel record's generated f32 statements as a function of (x, y, n), with `T` as the class. */
function generatedErf(): (x: Float32Array, y: Float32Array, n: number) => void {
  const ctx = {
    node: { type: { dtype: "f32", shape: [1] } },
    ins: ["x"],
    out: "y",
    dim: () => "n",
    helper: (h: string) => `T.${h}`,
  } as unknown as CallCtx;
  const lines = SPECIAL_KERNELS.erf.emit(ctx);
  const make = runInThisContext(`((T) => (x, y, n) => {\n${lines.join("\n")}\n})`) as (k: Kernels) => (x: Float32Array, y: Float32Array, n: number) => void;
  return make(K);
}

/** Distance in float32 ulps of `got` from `want` (at want's magnitude; an ulp of 2⁻¹⁴⁹ near 0). */
function ulps(got: number, want: number): number {
  const a = Math.abs(want);
  const ulp = a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
  return Math.abs(got - want) / ulp;
}

/** x = i·step over [−6, 6], and the specials. */
function grid(step: number): Float32Array {
  const xs: number[] = [];
  for (let x = -6; x <= 6; x += step) xs.push(x);
  xs.push(0, -0, 1e-30, -1e-30, 1e-8, 3.999, 4, 4.5, -4.5, 100, -100, Infinity, -Infinity);
  return Float32Array.from(xs);
}

/** Consecutive arrays of `sizes` in the kernels' memory, the first 3 floats in (not 16-byte aligned). */
function oddlyPlaced(sizes: readonly number[]): Float32Array[] {
  const [all] = K.simdArrays([[Float32Array, 3 + sizes.reduce((a, b) => a + b, 0)]]) as [Float32Array];
  let at = 3;
  return sizes.map((s) => all.subarray(at, (at += s)));
}

describe("SIMD erf (wasm/elementwise-erf.ts)", () => {
  it("equals the generated loop bit for bit over [−6, 6] and the specials", () => {
    const xs = grid(1e-4);
    const n = xs.length - (xs.length % 4);
    const [x, y] = K.simdArrays([[Float32Array, n], [Float32Array, n]]) as [Float32Array, Float32Array];
    x.set(xs.subarray(0, n));
    expect(K.erfSimd(x, y, n)).toBe(n);
    const loop = new Float32Array(n);
    generatedErf()(Float32Array.from(x), loop, n);
    expect(y).toEqual(loop);
  });

  it("is within 8 float32 ulps of float64 erf over [−6, 6] (measured: 7 at worst), exact at ±0 and saturated, NaN for NaN", () => {
    const xs = grid(1e-4);
    const n = xs.length - (xs.length % 4);
    const [x, y] = K.simdArrays([[Float32Array, n], [Float32Array, n]]) as [Float32Array, Float32Array];
    x.set(xs.subarray(0, n));
    expect(K.erfSimd(x, y, n)).toBe(n);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, ulps(y[i]!, Math.fround(erfScalar(x[i]!))));
    expect(worst).toBeLessThanOrEqual(8);
    x.set([0, -0, 6, Number.NaN]);
    K.erfSimd(x, y, 4);
    expect(Object.is(y[0], 0)).toBe(true);
    expect(Object.is(y[1], -0)).toBe(true);
    expect(y[2]).toBe(1);
    expect(y[3]).toBeNaN();
  });

  for (const n of [1, 3, 4, 7, 13, 64, 1027]) {
    it(`n = ${n} at an odd offset: the kernel does ${n - (n % 4)}, the loop the rest; equal to the loop alone, bit for bit`, () => {
      const g = guardedArrays([n, n], oddlyPlaced);
      const [x, y] = g.arrays as [Float32Array, Float32Array];
      for (let i = 0; i < n; i++) x[i] = Math.sin(i * 12.9898) * 5;
      const run = generatedErf();
      run(x, y, n);
      const plainX = Float32Array.from(x);
      const plainY = new Float32Array(n);
      expect(K.erfSimd(plainX, plainY, n)).toBe(0);
      run(plainX, plainY, n);
      expect(K.erfSimd(x, y, n)).toBe(n - (n % 4));
      expect(g.guardsIntact()).toBe(true);
      expect([...y]).toEqual([...plainY]);
      // In place (y = x).
      K.erfSimd(x, x, n);
      for (let i = 0; i < n - (n % 4); i++) expect(x[i]).toBe(y[i]);
    });
  }
});
