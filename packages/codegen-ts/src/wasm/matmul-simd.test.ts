/**
 * The compiler-emitted SIMD matmul against the scalar TS kernel it stands in for: both are evaluated
 * from the helper text generated classes contain, on the same operands (at nonzero offsets), and
 * must agree to f32 rounding, written and accumulated. Shapes with M, N (and for NT, K) not
 * multiples of 4 or 8 exercise the 4-column block and the scalar edges; shapes below one 4×4 block
 * take the scalar kernel alone; NT shapes with K below and at SMALL_K take both of its paths.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { matmulHelper, matmulPanelsHelper } from "../helpers/matmul.ts";
import { simdHelper } from "../helpers/simd.ts";
import { simdCallHelper } from "../threads/cut-code.ts";
import { sleb, uleb } from "./encode.ts";
import { simdMatmulModule } from "./matmul-simd.ts";

type Arr = Float32Array;
type Mm = (A: Arr, ao: number, B: Arr, bo: number, C: Arr, co: number, M: number, N: number, K: number, acc: boolean) => void;
interface Kernels {
  mmNN: Mm;
  mmTN: Mm;
  mmNT: Mm;
  mmPanelsSimd(A: Arr, B: Arr, P: Arr, C: Arr, M: number, N: number, K: number): boolean;
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): Float32Array[];
  SIMD_KERNELS: WeakMap<ArrayBufferLike, unknown>;
}

const t = { ts: false, F: "Float32Array" };
const K: Kernels = runInThisContext(`(class T {\n${simdHelper(t)}\n${simdCallHelper(t)}\n${matmulHelper(t, "NN")}\n${matmulHelper(t, "TN")}\n${matmulHelper(t, "NT")}\n${matmulPanelsHelper(t)}\n})`) as Kernels;

function fill(a: Float32Array, seed: number): void {
  let s = seed;
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = s / 1073741824 - 1;
  }
}

/** `got` equals `want` bit for bit (Object.is: a NaN left unwritten, or −0 against +0, fails); the first differing index is reported. */
function expectSameBits(got: Float32Array, want: Float32Array): void {
  expect(got.length).toBe(want.length);
  const i = got.findIndex((v, j) => !Object.is(v, want[j]));
  expect(i < 0 ? null : [i, got[i]]).toEqual(i < 0 ? null : [i, want[i]]);
}

/** Runs `form` on arrays made by `make`, with operands at offsets 3, 5, 7 (elements); with `acc`, C starts at known values. */
function product(form: "NN" | "TN" | "NT", M: number, N: number, Kd: number, acc: boolean, make: (n: readonly number[]) => Float32Array[]): { c: Float32Array; simd: boolean } {
  const [A, B, C] = make([M * Kd + 3, Kd * N + 5, M * N + 7]) as [Float32Array, Float32Array, Float32Array];
  fill(A, 1);
  fill(B, 2);
  if (acc) fill(C, 3);
  else C.fill(Number.NaN);
  K[`mm${form}`].call(K, A, 3, B, 5, C, 7, M, N, Kd, acc);
  return { c: C.slice(7), simd: K.SIMD_KERNELS.has(C.buffer) };
}

describe("SIMD matmul kernel", () => {
  it("encodes LEB128 as the spec's examples", () => {
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });

  it("is a wasm 1 binary (the kernel tests below instantiate it)", () => {
    expect([...simdMatmulModule().slice(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  });

  for (const form of ["NN", "TN", "NT"] as const) {
    for (const [M, N, Kd] of [
      [4, 8, 1],
      [8, 16, 3],
      [12, 24, 37],
      [64, 128, 50],
      [5, 8, 4],
      [4, 12, 4],
      [8, 676, 9],
      [8, 9, 676],
      [32, 10, 1352],
      [1352, 10, 32],
      [32, 1352, 10],
      [7, 13, 6],
      [3, 20, 8],
      [9, 3, 8],
      [6, 31, 5],
      [2, 23, 7],
      // mmNT's small-K path (K < SMALL_K = 16) around its threshold, and the MNIST MLP's dh = dlogits·W2ᵀ.
      [8, 12, 15],
      [8, 12, 16],
      [64, 128, 10],
    ] as const) {
      for (const acc of [false, true]) {
        it(`${form} ${M}×${N}×${Kd}${acc ? " accumulated" : ""} equals the scalar kernel`, () => {
          const simd = product(form, M, N, Kd, acc, (ns) => K.simdArrays(ns.map((n) => [Float32Array, n] as const)));
          const scalar = product(form, M, N, Kd, acc, (ns) => ns.map((n) => new Float32Array(n)));
          expect(scalar.simd).toBe(false);
          // The operands are in a memory with kernels (a module that failed to load would fall back to plain arrays).
          expect(simd.simd).toBe(true);
          let worst = 0;
          for (let i = 0; i < M * N; i++) worst = Math.max(worst, Math.abs(simd.c[i]! - scalar.c[i]!));
          expect(worst).toBeLessThanOrEqual(1e-6 * Kd + 1e-6);
        });
      }
    }
  }

  for (const form of ["NN", "TN", "NT"] as const) {
    it(`${form} adds to C when acc = true (known values, 4-column block and edge column)`, () => {
      // M = 4, N = 13, K = 10: an 8- and a 4-column block, one edge column, K % 4 = 2 for NT.
      const [A, B, C] = K.simdArrays([[Float32Array, 40], [Float32Array, 130], [Float32Array, 52]]) as [Float32Array, Float32Array, Float32Array];
      A.fill(1);
      B.fill(0.5);
      C.fill(2);
      K[`mm${form}`].call(K, A, 0, B, 0, C, 0, 4, 13, 10, true);
      expect([...C]).toEqual(new Array<number>(52).fill(7));
      K[`mm${form}`].call(K, A, 0, B, 0, C, 0, 4, 13, 10, false);
      expect([...C]).toEqual(new Array<number>(52).fill(5));
    });
  }

  // A tall Aᵀ·B is compiled as Aᵀ copied (transpose2) times B on mmNN (kernels/linalg.ts PACK): the same bits as mmTN.
  for (const [M, N, Kd] of [
    [64, 64, 128],
    [6, 36, 128],
    [13, 45, 131],
    [256, 64, 512],
  ] as const) {
    it(`TN ${M}×${N}×${Kd} equals NN on Aᵀ copied by transpose2, bit for bit`, () => {
      const [A, At, B, C, D] = K.simdArrays([[Float32Array, Kd * M], [Float32Array, M * Kd], [Float32Array, Kd * N], [Float32Array, M * N], [Float32Array, M * N]]) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
      fill(A, 6);
      fill(B, 7);
      const k = K.SIMD_KERNELS.get(A.buffer) as Record<string, (...a: number[]) => void>;
      k["mmTN"]!(A.byteOffset, B.byteOffset, C.byteOffset, M, N, Kd, 0, 0, 0);
      k["transpose2"]!(A.byteOffset, At.byteOffset, 1, 1, M, Kd, 0, 0, 0, 0, 4 * M, 4 * Kd);
      for (let i = 0; i < M; i++) for (const p of [0, 1, Kd - 1]) expect(At[i * Kd + p]).toBe(A[p * M + i]);
      k["mmNN"]!(At.byteOffset, B.byteOffset, D.byteOffset, M, N, Kd, 0, 0, 0);
      expectSameBits(D, C);
      expect(C.some((x) => x !== 0)).toBe(true);
    });
  }

  // Bᵀ in 16-column panels (mmNNP, laid out by mmPanelsSimd: kernels/linalg.ts PACK): mmNN's bits on Bᵀ, whole and by row ranges.
  for (const [M, N, Kd] of [
    [2, 16, 1],
    [7, 32, 5],
    [130, 144, 3],
    [64, 256, 67],
  ] as const) {
    it(`A·Bᵀ with Bᵀ in panels ${M}×${N}×${Kd} equals mmNN on Bᵀ bit for bit`, () => {
      const [A, B, Bt, P, C, D] = K.simdArrays([[Float32Array, M * Kd], [Float32Array, N * Kd], [Float32Array, Kd * N], [Float32Array, Kd * N], [Float32Array, M * N], [Float32Array, M * N]]) as [Arr, Arr, Arr, Arr, Arr, Arr];
      fill(A, 8);
      fill(B, 9);
      for (let p = 0; p < Kd; p++) for (let j = 0; j < N; j++) Bt[p * N + j] = B[j * Kd + p]!;
      K.mmNN(A, 0, Bt, 0, C, 0, M, N, Kd, false);
      D.fill(Number.NaN);
      expect(K.mmPanelsSimd(A, B, P, D, M, N, Kd)).toBe(true);
      // Panel q, row p, column c: Bᵀ(p, 16q + c) = B(16q + c, p).
      expect(P[(N / 16 - 1) * 16 * Kd + (Kd - 1) * 16 + 15]).toBe(B[(N - 1) * Kd + Kd - 1]);
      expectSameBits(D, C);
      // Rows [0, 4) and [4, end) of the panel kernel make the whole C.
      const k = K.SIMD_KERNELS.get(A.buffer) as Record<string, (...a: number[]) => void>;
      D.fill(Number.NaN);
      k["mmNNP"]!(A.byteOffset, P.byteOffset, D.byteOffset, M, N, Kd, 0, 0, 4);
      k["mmNNP"]!(A.byteOffset, P.byteOffset, D.byteOffset, M, N, Kd, 0, 4, 0);
      expectSameBits(D, C);
    });
  }

  it("mmPanelsSimd declines N not a multiple of 16 and a scratch shorter than K·N", () => {
    const [A, B, P, C] = K.simdArrays([[Float32Array, 8 * 4], [Float32Array, 4 * 24], [Float32Array, 4 * 24], [Float32Array, 8 * 24]]) as [Arr, Arr, Arr, Arr];
    expect(K.mmPanelsSimd(A, B, P, C, 8, 24, 4)).toBe(false);
    expect(K.mmPanelsSimd(A, B, P.subarray(1), C, 8, 16, 4)).toBe(true);
    expect(K.mmPanelsSimd(A, B, P.subarray(0, 63), C, 8, 16, 4)).toBe(false);
  });

  for (const form of ["NN", "TN", "NT"] as const) {
    it(`${form} over row ranges [0, 8) and [8, end) equals one whole call, bit for bit`, () => {
      const [M, N, Kd] = [19, 13, 10];
      const [A, B, C, D] = K.simdArrays([[Float32Array, M * Kd], [Float32Array, Kd * N], [Float32Array, M * N], [Float32Array, M * N]]) as [Float32Array, Float32Array, Float32Array, Float32Array];
      fill(A, 4);
      fill(B, 5);
      C.fill(Number.NaN);
      D.fill(Number.NaN);
      const k = K.SIMD_KERNELS.get(A.buffer) as Record<string, (...a: number[]) => void>;
      const run = (c: Float32Array, i0: number, i1: number): void => {
        k[`mm${form}`]!(A.byteOffset, B.byteOffset, c.byteOffset, M, N, Kd, 0, i0, i1);
      };
      run(C, 0, 0);
      run(D, 0, 8);
      // Only rows below 8 (and columns below N − N % 4) are written by the first part.
      expect(Number.isNaN(D[8 * N])).toBe(true);
      expect(D[7 * N + 11]).toBe(C[7 * N + 11]);
      run(D, 8, 0);
      // mmNN and mmTN cover every column of rows below 16; mmNT leaves column 12 to the scalar code.
      const cols = form === "NT" ? 12 : 13;
      for (let i = 0; i < 16; i++) for (let j = 0; j < cols; j++) expect(D[i * N + j]).toBe(C[i * N + j]);
      for (let j = 0; j < cols; j++) expect(Number.isNaN(C[j])).toBe(false);
      // The edge rows (16…18): mmNN's and mmTN's own, written by the call whose range reaches row 16
      // (the whole call, and [8, end) but not [0, 8)); mmNT leaves them to the scalar code.
      expect(Number.isNaN(C[16 * N])).toBe(form === "NT");
      expect(Number.isNaN(C[12])).toBe(form === "NT");
      if (form !== "NT") for (let i = 16; i < M; i++) for (let j = 0; j < N; j++) expect(D[i * N + j]).toBe(C[i * N + j]);
    });
  }
});
