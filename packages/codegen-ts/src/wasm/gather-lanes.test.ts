/**
 * The lookups in WebAssembly (./gather-lanes.ts): take's rows and scatter_add's sums equal the
 * JavaScript loops' bit for bit — repeated ids (sums in id-position order), rows of 1 to 67 floats (the
 * one-at-a-time tail), unaligned arrays — and an id out of range (negative, or V) makes the helper
 * decline before any row is read or written, leaving the output as it was.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { simdHelper } from "../helpers/simd.ts";
import { scatterAddSimdHelper, takeSimdHelper } from "./gather-lanes.ts";

const t = { ts: false, F: "Float32Array" };
type Arrays = readonly (readonly [Float32ArrayConstructor | Int32ArrayConstructor, number])[];
interface Lookups {
  takeSimd(table: Float32Array, ids: Int32Array, out: Float32Array, V: number, W: number, N: number): boolean;
  scatterAddSimd(ids: Int32Array, upd: Float32Array, out: Float32Array, V: number, W: number, N: number): boolean;
  simdArrays(specs: Arrays): (Float32Array | Int32Array)[];
}
const K = runInThisContext(`(class T {\n${simdHelper(t)}\n${takeSimdHelper(t)}\n${scatterAddSimdHelper(t)}\n})`) as Lookups;

/** Seeded floats of several magnitudes and signs. */
function fill(a: Float32Array, seed: number): void {
  let s = seed;
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = ((s / 2 ** 32) - 0.5) * 10 ** ((s % 7) - 3);
  }
}

function arrays(V: number, W: number, N: number): { table: Float32Array; ids: Int32Array; rows: Float32Array; out: Float32Array } {
  // A one-float array first: the others start at addresses that are not multiples of 16.
  const [, table, ids, rows, out] = K.simdArrays([[Float32Array, 1], [Float32Array, V * W], [Int32Array, N], [Float32Array, N * W], [Float32Array, Math.max(N, V) * W]]) as [Float32Array, Float32Array, Int32Array, Float32Array, Float32Array];
  fill(table, V + W);
  fill(rows, N + W);
  for (let p = 0; p < N; p++) ids[p] = (p * 5 + W) % V;
  return { table, ids, rows, out };
}

describe("the lookups in WebAssembly", () => {
  it("take copies and scatter_add sums each id's row as the loops do, bit for bit", () => {
    for (const [V, W, N] of [[27, 64, 48], [5, 1, 9], [3, 7, 11], [4, 4, 4], [11, 67, 30]] as const) {
      const { table, ids, rows, out } = arrays(V, W, N);
      expect(K.takeSimd(table, ids, out, V, W, N)).toBe(true);
      for (let p = 0; p < N; p++) for (let j = 0; j < W; j++) if (!Object.is(out[p * W + j], table[ids[p]! * W + j])) throw new Error(`take ${V}×${W}, id ${p}: ${out[p * W + j]}`);
      out.fill(5);
      expect(K.scatterAddSimd(ids, rows, out, V, W, N)).toBe(true);
      const want = new Float32Array(V * W);
      for (let p = 0; p < N; p++) for (let j = 0; j < W; j++) want[ids[p]! * W + j]! += rows[p * W + j]!;
      for (let i = 0; i < V * W; i++) if (!Object.is(out[i], want[i])) throw new Error(`scatter_add ${V}×${W} [${i}]: ${out[i]}, the loop ${want[i]}`);
    }
  });

  it("declines an id out of range before touching any row", () => {
    for (const bad of [-1, 27, 2 ** 31 - 1]) {
      const { table, ids, rows, out } = arrays(27, 64, 48);
      ids[40] = bad;
      out.fill(3);
      expect(K.takeSimd(table, ids, out, 27, 64, 48)).toBe(false);
      expect(K.scatterAddSimd(ids, rows, out, 27, 64, 48)).toBe(false);
      expect(out.every((v) => v === 3)).toBe(true);
    }
    // Arrays outside the model's memory, or too short.
    const { table, ids, out } = arrays(27, 64, 48);
    expect(K.takeSimd(new Float32Array(27 * 64), ids, out, 27, 64, 48)).toBe(false);
    expect(K.takeSimd(table, ids, out, 27, 64, 49)).toBe(false);
  });
});
