/**
 * The scalar matmul helper against a naive f64 triple loop: every C element is Σ_p op(A)(i, p)·op(B)(p, j)
 * summed in increasing p from 0, so on Float64Array operands the two agree bit for bit, written and
 * accumulated, at nonzero offsets, for shapes with edge rows (M % 4 ≠ 0, including batch-1 rows M < 4,
 * which take the 8-column row blocks of NN and TN) and edge columns.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { matmulHelper, type MatmulForm } from "./matmul.ts";

type Mm = (A: Float64Array, ao: number, B: Float64Array, bo: number, C: Float64Array, co: number, M: number, N: number, K: number, acc: boolean) => void;
const FORMS: MatmulForm[] = ["NN", "TN", "NT", "TT"];
const t = { ts: false, F: "Float64Array" };
const K = runInThisContext(`(class T {\n${FORMS.map((f) => matmulHelper(t, f)).join("\n")}\n})`) as Record<`mm${MatmulForm}`, Mm>;

function filled(n: number, seed: number): Float64Array {
  const a = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

function naive(form: MatmulForm, A: Float64Array, B: Float64Array, C: Float64Array, M: number, N: number, Kd: number, acc: boolean): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let p = 0; p < Kd; p++) s += A[3 + (form[0] === "T" ? p * M + i : i * Kd + p)]! * B[5 + (form[1] === "T" ? j * Kd + p : p * N + j)]!;
      C[7 + i * N + j] = acc ? C[7 + i * N + j]! + s : s;
    }
  }
}

describe("scalar matmul helper", () => {
  for (const form of FORMS) {
    for (const [M, N, Kd] of [[1, 128, 784], [1, 10, 128], [3, 20, 7], [5, 17, 9], [6, 8, 1], [9, 3, 4], [4, 16, 5]] as const) {
      for (const acc of [false, true]) {
        it(`${form} ${M}×${N}×${Kd}${acc ? " accumulated" : ""} equals the naive f64 sum bit for bit`, () => {
          const A = filled(M * Kd + 3, 1);
          const B = filled(Kd * N + 5, 2);
          const C = filled(M * N + 7, 3);
          const D = Float64Array.from(C);
          K[`mm${form}`].call(K, A, 3, B, 5, C, 7, M, N, Kd, acc);
          naive(form, A, B, D, M, N, Kd, acc);
          expect([...C]).toEqual([...D]);
        });
      }
    }
  }
});
