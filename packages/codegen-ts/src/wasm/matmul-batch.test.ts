/**
 * The batch kernels (./matmul-batch.ts) against the matmul helper called once per matrix: the same
 * kernel on the same operands, so every element must have the same bits — written and accumulated,
 * with a shared (stride 0) operand, for each form (mmNN and mmTN also with M % 4 ≠ 0 and M = 1); and
 * the helper declines the shapes its kernel would leave edges of, arrays that are too short, and arrays outside the model's memory.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { matmulHelper } from "../helpers/matmul.ts";
import { simdHelper } from "../helpers/simd.ts";
import { mmBatchSimdHelper } from "./matmul-batch.ts";

type Form = "mmNN" | "mmTN" | "mmNT";
type Mm = (A: Float32Array, ao: number, B: Float32Array, bo: number, C: Float32Array, co: number, M: number, N: number, K: number, acc: boolean) => void;
type Batch = (form: Form, A: Float32Array, ao: number, sa: number, B: Float32Array, bo: number, sb: number, C: Float32Array, co: number, sc: number, count: number, M: number, N: number, K: number, acc: boolean) => boolean;
interface Kernels {
  mmNN: Mm;
  mmTN: Mm;
  mmNT: Mm;
  mmBatchSimd: Batch;
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): Float32Array[];
}

const t = { ts: false, F: "Float32Array" };
const K = runInThisContext(`(class T {\n${simdHelper(t, undefined, [], true, true)}\n${matmulHelper(t, "NN")}\n${matmulHelper(t, "TN")}\n${matmulHelper(t, "NT")}\n${mmBatchSimdHelper(t)}\n})`) as Kernels;

function fill(a: Float32Array, seed: number): void {
  let s = seed;
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = s / 1073741824 - 1;
  }
}

describe("batched SIMD matmuls", () => {
  for (const form of ["mmNN", "mmTN", "mmNT"] as const) {
    for (const [M, N, Kd, shared] of [
      [16, 16, 16, "none"],
      [4, 4, 1, "none"],
      [8, 12, 7, "A"],
      [12, 8, 20, "B"],
      [4, 24, 64, "none"],
      [6, 12, 5, "none"],
      [1, 16, 9, "B"],
    ] as const) {
      // mmNT leaves edge rows (M % 4 ≠ 0) to the scalar kernel, so it declines those batches (below).
      if (form === "mmNT" && M % 4 !== 0) continue;
      for (const acc of [false, true]) {
        it(`${form} ${M}×${N}×${Kd}, 5 matrices${shared === "none" ? "" : `, ${shared} shared`}${acc ? ", accumulated" : ""}: one call gives each matrix's bits`, () => {
          const count = 5;
          const [sa, sb, sc] = [shared === "A" ? 0 : M * Kd, shared === "B" ? 0 : Kd * N, M * N];
          // Operands at offsets 3, 5, 7 (elements), each array one element longer than the batch needs.
          const sizes = [3 + (count - 1) * sa + M * Kd + 1, 5 + (count - 1) * sb + Kd * N + 1, 7 + (count - 1) * sc + M * N + 1];
          const [A, B, C, D] = K.simdArrays([...sizes, sizes[2]!].map((n) => [Float32Array, n] as const)) as [Float32Array, Float32Array, Float32Array, Float32Array];
          fill(A, 1);
          fill(B, 2);
          if (acc) {
            fill(C, 3);
            D.set(C);
          } else {
            C.fill(Number.NaN);
            D.fill(Number.NaN);
          }
          expect(K.mmBatchSimd(form, A, 3, sa, B, 5, sb, C, 7, sc, count, M, N, Kd, acc)).toBe(true);
          for (let m = 0; m < count; m++) K[form].call(K, A, 3 + m * sa, B, 5 + m * sb, D, 7 + m * sc, M, N, Kd, acc);
          for (let i = 0; i < C.length; i++) if (!Object.is(C[i], D[i])) throw new Error(`[${i}]: batch ${C[i]}, one by one ${D[i]}`);
          // The elements around the batch are untouched; every element of it was written.
          expect(Number.isNaN(C[6]!) && Number.isNaN(C[C.length - 1]!)).toBe(!acc);
          for (let i = 7; i < C.length - 1; i++) expect(Number.isNaN(C[i]!)).toBe(false);
        });
      }
    }
  }

  it("known values: 2 × (4×4 of ones · 4×4 of halves) added to 1s", () => {
    const [A, B, C] = K.simdArrays([[Float32Array, 32], [Float32Array, 32], [Float32Array, 32]]) as [Float32Array, Float32Array, Float32Array];
    A.fill(1);
    B.fill(0.5);
    C.fill(1);
    expect(K.mmBatchSimd("mmNN", A, 0, 16, B, 0, 16, C, 0, 16, 2, 4, 4, 4, true)).toBe(true);
    expect([...C]).toEqual(new Array<number>(32).fill(3));
  });

  it("declines edge rows or columns, short arrays, negative strides and plain arrays", () => {
    const [A, B, C] = K.simdArrays([[Float32Array, 64], [Float32Array, 64], [Float32Array, 64]]) as [Float32Array, Float32Array, Float32Array];
    C.fill(9);
    // M = 6: mmNT's rows 4 and 5 are the scalar kernel's (mmNN's and mmTN's kernels do them).
    expect(K.mmBatchSimd("mmNT", A, 0, 24, B, 0, 16, C, 0, 24, 2, 6, 4, 4, false)).toBe(false);
    // mmNT leaves the last N % 4 columns.
    expect(K.mmBatchSimd("mmNT", A, 0, 16, B, 0, 24, C, 0, 24, 2, 4, 6, 4, false)).toBe(false);
    expect(K.mmBatchSimd("mmNN", A, 0, 16, B, 0, 16, C, 0, 16, 2, 4, 4, 4, false)).toBe(true);
    // Five 4×4 results need 80 floats of C.
    expect(K.mmBatchSimd("mmNN", A, 0, 0, B, 0, 0, C, 0, 16, 5, 4, 4, 4, false)).toBe(false);
    expect(K.mmBatchSimd("mmNN", A, 0, 16, B, 0, -16, C, 0, 16, 2, 4, 4, 4, false)).toBe(false);
    const plain = new Float32Array(64);
    expect(K.mmBatchSimd("mmNN", plain, 0, 16, B, 0, 16, C, 0, 16, 2, 4, 4, 4, false)).toBe(false);
    expect(C[32]).toBe(9);
  });
});
