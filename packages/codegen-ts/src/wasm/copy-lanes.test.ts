/**
 * The strided copy (./copy-lanes.ts): runs of L floats under up to three outer axes land where the
 * JavaScript loop puts them — the head splits and merges of attention, slices, broadcasts (stride 0),
 * runs of any length — with nothing written outside the destination's elements; the helper declines
 * a negative stride, an index past an array's end and arrays outside the model's memory.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { simdHelper } from "../helpers/simd.ts";
import { viewCopySimdHelper } from "./copy-lanes.ts";

const t = { ts: false, F: "Float32Array" };
interface Copy {
  viewCopySimd(src: Float32Array, sOff: number, dst: Float32Array, dOff: number, n0: number, n1: number, n2: number, L: number, s0: number, s1: number, s2: number, d0: number, d1: number, d2: number): boolean;
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): Float32Array[];
}
const K = runInThisContext(`(class T {\n${simdHelper(t)}\n${viewCopySimdHelper(t)}\n})`) as Copy;

type Case = readonly [n: readonly [number, number, number], L: number, s: readonly [number, number, number], d: readonly [number, number, number], sOff: number, dOff: number];

const CASES: readonly Case[] = [
  // [B=2, T=16, H=4, 16] → [B, H, T, 16]: attention's head split.
  [[2, 4, 16], 16, [1024, 16, 64], [1024, 256, 16], 0, 0],
  // and back.
  [[2, 16, 4], 16, [1024, 16, 256], [1024, 64, 16], 0, 0],
  // A slice with offsets, odd run length, one outer axis.
  [[1, 1, 5], 7, [0, 0, 11], [0, 0, 7], 3, 1],
  // A row broadcast over rows (source stride 0).
  [[1, 3, 4], 6, [0, 0, 0], [0, 24, 6], 2, 0],
  // Runs of 1…3 floats (the scalar tail alone).
  [[2, 2, 2], 3, [12, 6, 3], [12, 6, 3], 0, 0],
];

describe("the strided copy in WebAssembly", () => {
  it("puts every run where the loop puts it and writes nothing else", () => {
    for (const [n, L, s, d, sOff, dOff] of CASES) {
      const srcLen = sOff + (n[0] - 1) * s[0] + (n[1] - 1) * s[1] + (n[2] - 1) * s[2] + L;
      const dstLen = dOff + (n[0] - 1) * d[0] + (n[1] - 1) * d[1] + (n[2] - 1) * d[2] + L;
      const [src, dst] = K.simdArrays([[Float32Array, srcLen], [Float32Array, dstLen + 1]]) as [Float32Array, Float32Array];
      for (let i = 0; i < srcLen; i++) src[i] = i * 0.5 - 3;
      dst.fill(-7);
      const want = new Float32Array(dst.length).fill(-7);
      for (let a = 0; a < n[0]; a++) for (let b = 0; b < n[1]; b++) for (let c = 0; c < n[2]; c++) for (let j = 0; j < L; j++) want[dOff + a * d[0] + b * d[1] + c * d[2] + j] = src[sOff + a * s[0] + b * s[1] + c * s[2] + j]!;
      expect(K.viewCopySimd(src, sOff, dst.subarray(0, dstLen), dOff, ...n, L, ...s, ...d)).toBe(true);
      expect(Array.from(dst), JSON.stringify([n, L, s, d])).toEqual(Array.from(want));
    }
  });

  it("declines a negative stride, an index past an array's end and arrays outside the model's memory", () => {
    const [src, dst] = K.simdArrays([[Float32Array, 64], [Float32Array, 64]]) as [Float32Array, Float32Array];
    expect(K.viewCopySimd(src, 0, dst, 0, 1, 1, 2, 8, 0, 0, -8, 0, 0, 8)).toBe(false);
    expect(K.viewCopySimd(src, 0, dst, 0, 1, 1, 9, 8, 0, 0, 8, 0, 0, 8)).toBe(false);
    expect(K.viewCopySimd(src, 60, dst, 0, 1, 1, 1, 8, 0, 0, 0, 0, 0, 0)).toBe(false);
    expect(K.viewCopySimd(new Float32Array(64), 0, dst, 0, 1, 1, 1, 8, 0, 0, 0, 0, 0, 0)).toBe(false);
    expect(K.viewCopySimd(src, 0, dst, 0, 1, 1, 8, 8, 0, 0, 8, 0, 0, 8)).toBe(true);
  });
});
