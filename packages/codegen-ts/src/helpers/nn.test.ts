/**
 * The cross-entropy helper (./nn.ts): out[r] = max + log Σ exp(l − max) − l[label], its sums taken
 * with exp32 in float32 programs (as softmax's, so the loss and its gradient's softmax use one
 * exponential) and with Math.exp in float64 programs; a label outside [0, C) throws.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { exp32Helper } from "./exp32.ts";
import { crossEntropyHelper, expCalls } from "./nn.ts";

interface Loss {
  exp32(x: number): number;
  crossEntropy(l: Float32Array | Float64Array, labels: Int32Array, out: Float32Array | Float64Array, n: number, C: number): void;
}
const f32 = { ts: false, F: "Float32Array" };
const f64 = { ts: false, F: "Float64Array" };
const classOf = (t: typeof f32): Loss => runInThisContext(`(class T {\n${exp32Helper(t)}\n${crossEntropyHelper(t)}\n})`) as Loss;

/** n rows of C logits in ±span and their labels. */
function rows(n: number, C: number, span: number): { l: Float32Array; labels: Int32Array } {
  let s = 11;
  const rnd = (): number => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  return { l: Float32Array.from({ length: n * C }, () => (rnd() - 0.5) * 2 * span), labels: Int32Array.from({ length: n }, () => Math.floor(rnd() * C)) };
}

/** The loss row by row with `exp`, in float64 (not rounded: the helper's float64 value before its store). */
function reference(l: Float32Array, labels: Int32Array, C: number, exp: (x: number) => number): Float64Array {
  return Float64Array.from(labels, (y, r) => {
    const row = l.subarray(r * C, r * C + C);
    const max = Math.max(...row);
    let sum = 0;
    for (const v of row) sum += exp(v - max);
    return max + Math.log(sum) - row[y]!;
  });
}

describe("the cross-entropy helper", () => {
  it("sums exp32 in float32 programs: every loss is that sum's, within 10⁻⁶ of Math.exp's", () => {
    expect(expCalls(f32)).toEqual(["exp32"]);
    const K = classOf(f32);
    const C = 27, n = 3000;
    const { l, labels } = rows(n, C, 30);
    // A float64 out keeps the helper's value unrounded: a store to float32 would hide which exponential summed.
    const out = new Float64Array(n);
    K.crossEntropy(l, labels, out, n, C);
    const want = reference(l, labels, C, (x) => K.exp32(x));
    for (let r = 0; r < n; r++) if (!Object.is(out[r], want[r])) throw new Error(`row ${r}: ${out[r]} against ${want[r]}`);
    const exact = reference(l, labels, C, Math.exp);
    for (let r = 0; r < n; r++) expect(Math.abs(out[r]! - exact[r]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(exact[r]!)));
  });

  it("keeps Math.exp in float64 programs", () => {
    expect(expCalls(f64)).toEqual([]);
    const K = classOf(f64);
    const { l, labels } = rows(50, 10, 5);
    const out = new Float64Array(50);
    K.crossEntropy(Float64Array.from(l), labels, out, 50, 10);
    const want = reference(l, labels, 10, Math.exp);
    for (let r = 0; r < 50; r++) expect(out[r]).toBe(want[r]);
  });

  it("throws for a label outside [0, C)", () => {
    const K = classOf(f32);
    expect(() => {
      K.crossEntropy(new Float32Array(4), Int32Array.from([0, 2]), new Float32Array(2), 2, 2);
    }).toThrow(/label 2 is out of range/);
  });
});
