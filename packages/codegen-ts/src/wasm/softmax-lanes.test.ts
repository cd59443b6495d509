/**
 * softmax in WebAssembly lanes (./softmax-lanes.ts): the kernel's float32 results equal the generated
 * helper's (../helpers/nn.ts softmax with exp32) bit for bit, for odd and even row counts, short and
 * long rows, special values (±∞, NaN, huge and tiny), in place and into another array; and the class
 * helper declines where the axis is not the last.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { exp32Helper } from "../helpers/exp32.ts";
import { softmaxHelper } from "../helpers/nn.ts";
import { simdHelper } from "../helpers/simd.ts";
import { softmaxSimdHelper } from "./softmax-lanes.ts";

const t = { ts: false, F: "Float32Array" };
interface Softmax {
  softmax(x: Float32Array, y: Float32Array, outer: number, len: number, inner: number): void;
  softmaxSimd(x: Float32Array, y: Float32Array, outer: number, len: number, inner: number): boolean;
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): Float32Array[];
}
const K = runInThisContext(`(class T {\n${simdHelper(t, undefined, [], true, true)}\n${exp32Helper(t)}\n${softmaxHelper(t)}\n${softmaxSimdHelper(t)}\n})`) as Softmax;

const SPECIAL = [0, -0, 1, -1, 88, -88, 100, -100, 3.4e38, -3.4e38, 1e-40, Infinity, -Infinity, NaN, 7.5, -746];

function fill(a: Float32Array, seed: number, special: boolean): void {
  let s = seed;
  const rnd = (): number => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < a.length; i++) a[i] = special && rnd() < 0.2 ? SPECIAL[Math.floor(rnd() * SPECIAL.length)]! : (rnd() - 0.5) * 20;
}

describe("softmax in WebAssembly lanes", () => {
  it("gives the helper's bits, four rows at a time, whatever the row count, row length and values", () => {
    for (const [rows, len] of [[1, 1], [1, 16], [2, 16], [5, 3], [6, 5], [11, 4], [64, 16], [7, 27], [3, 100]] as const) {
      for (const special of [false, true]) {
        for (const inPlace of [false, true]) {
          const n = rows * len;
          const [x, y, gx, gy] = K.simdArrays([[Float32Array, n], [Float32Array, n + 1], [Float32Array, n], [Float32Array, n]]) as [Float32Array, Float32Array, Float32Array, Float32Array];
          fill(x, rows * 31 + len, special);
          gx.set(x);
          y[n] = 42;
          const out = inPlace ? x : y;
          expect(K.softmaxSimd(x, out, rows, len, 1)).toBe(true);
          const want = inPlace ? gx : gy;
          K.softmax(gx, want, rows, len, 1);
          for (let i = 0; i < n; i++) if (!Object.is(out[i], want[i])) throw new Error(`${rows}×${len}${special ? " special" : ""}${inPlace ? " in place" : ""} [${i}]: lanes ${out[i]}, helper ${want[i]}`);
          expect(y[n]).toBe(42);
        }
      }
    }
  });

  it("declines another axis and arrays outside the model's memory", () => {
    const [x, y] = K.simdArrays([[Float32Array, 12], [Float32Array, 12]]) as [Float32Array, Float32Array];
    expect(K.softmaxSimd(x, y, 3, 2, 2)).toBe(false);
    expect(K.softmaxSimd(new Float32Array(12), y, 3, 4, 1)).toBe(false);
  });
});
