/**
 * The transposing copy (./transpose-lanes.ts): R × C blocks under up to two outer axes land where the
 * JavaScript loop puts them — attention's kᵀ per head and its gradient's copy back, blocks whose sides
 * are not multiples of 4 (the edges), offsets — with nothing written outside the destination's
 * elements; the helper declines a negative stride, an index past an array's end and arrays outside
 * the model's memory.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { simdHelper } from "../helpers/simd.ts";
import { simdCallHelper } from "../threads/cut-code.ts";
import { viewTransposeSimdHelper } from "./transpose-lanes.ts";

const t = { ts: false, F: "Float32Array" };
interface Transpose {
  viewTransposeSimd(src: Float32Array, sOff: number, dst: Float32Array, dOff: number, n0: number, n1: number, R: number, C: number, s0: number, s1: number, d0: number, d1: number, sC: number, dR: number): boolean;
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): Float32Array[];
}
const K = runInThisContext(`(class T {\n${simdHelper(t)}\n${simdCallHelper(t)}\n${viewTransposeSimdHelper(t)}\n})`) as Transpose;

type Case = readonly [n: readonly [number, number], R: number, C: number, s: readonly [number, number], d: readonly [number, number], sC: number, dR: number, sOff: number, dOff: number];

const CASES: readonly Case[] = [
  // k [B=2, T=16, H·dh=64] → kᵀ per head [B, H, dh, T]: R = 64 (H·dh, contiguous in k), C = 16 (T).
  [[1, 2], 64, 16, [0, 1024], [0, 1024], 64, 16, 0, 0],
  // and its gradient back: R = 16 (T), C = 64.
  [[1, 2], 16, 64, [0, 1024], [0, 1024], 16, 64, 0, 0],
  // Sides not multiples of 4, two outer axes, offsets.
  [[2, 3], 7, 5, [200, 60], [150, 40], 9, 6, 3, 1],
  [[1, 1], 4, 9, [0, 0], [0, 0], 5, 11, 0, 2],
  [[1, 1], 13, 4, [0, 0], [0, 0], 13, 4, 1, 0],
];

describe("the transposing copy in WebAssembly", () => {
  it("puts every element where the loop puts it and writes nothing else", () => {
    for (const [n, R, C, s, d, sC, dR, sOff, dOff] of CASES) {
      const srcLen = sOff + (n[0] - 1) * s[0] + (n[1] - 1) * s[1] + (R - 1) + (C - 1) * sC + 1;
      const dstLen = dOff + (n[0] - 1) * d[0] + (n[1] - 1) * d[1] + (R - 1) * dR + (C - 1) + 1;
      const [src, dst] = K.simdArrays([[Float32Array, srcLen], [Float32Array, dstLen + 1]]) as [Float32Array, Float32Array];
      for (let i = 0; i < srcLen; i++) src[i] = i * 0.5 - 3;
      dst.fill(-7);
      const want = new Float32Array(dst.length).fill(-7);
      for (let a = 0; a < n[0]; a++) for (let b = 0; b < n[1]; b++) for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) want[dOff + a * d[0] + b * d[1] + i * dR + j] = src[sOff + a * s[0] + b * s[1] + i + j * sC]!;
      expect(K.viewTransposeSimd(src, sOff, dst.subarray(0, dstLen), dOff, ...n, R, C, ...s, ...d, sC, dR)).toBe(true);
      expect(Array.from(dst), JSON.stringify([n, R, C, s, d, sC, dR])).toEqual(Array.from(want));
    }
  });

  it("declines a negative stride, an index past an array's end and arrays outside the model's memory", () => {
    const [src, dst] = K.simdArrays([[Float32Array, 64], [Float32Array, 64]]) as [Float32Array, Float32Array];
    expect(K.viewTransposeSimd(src, 0, dst, 0, 1, 1, 8, 8, 0, 0, 0, 0, -8, 8)).toBe(false);
    expect(K.viewTransposeSimd(src, 0, dst, 0, 1, 1, 8, 8, 0, 0, 0, 0, 8, 9)).toBe(false);
    expect(K.viewTransposeSimd(src, 1, dst, 0, 1, 1, 8, 8, 0, 0, 0, 0, 8, 8)).toBe(false);
    expect(K.viewTransposeSimd(new Float32Array(64), 0, dst, 0, 1, 1, 8, 8, 0, 0, 0, 0, 8, 8)).toBe(false);
    expect(K.viewTransposeSimd(src, 0, dst, 0, 1, 1, 8, 8, 0, 0, 0, 0, 8, 8)).toBe(true);
  });
});
