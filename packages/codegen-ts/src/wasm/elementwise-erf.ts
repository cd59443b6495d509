/**
 * erf32(x, y, n): y[i] = erf(x[i]) for i < n (n a multiple of 4; byte addresses x, y, 4-byte aligned;
 * y may be x), four lanes at a time, in f32: the formula of the scalar float32 kernel
 * (../kernels/special.ts erf32, Eigen's generic_fast_erf_float): x clamped to [−4, 4], t = x²,
 * x·P(t)/Q(t) by Horner's rule, every step rounded to f32, which Eigen's coefficients are made for. The
 * scalar loop takes the same steps with Math.fround, so both give the same bits (the test checks it):
 * a value does not depend on SIMD being available or on n % 4. Against float64 erf at 1.2 million points
 * of [−6, 6], 83 % of results are within 1.5 float32 ulps and all within 7 (≈ 4·10⁻⁷ relative; the
 * test bounds it by 8); the float64-then-round loop it replaced was within about 1 ulp.
 * NaN stays NaN (f32x4.min/max and Math.min/max propagate it); ±0 stays ±0.
 *
 * erfSimd, the class helper, runs it on the first n − n % 4 elements and returns that count (0 where
 * the arrays are not in the model's memory); the generated loop does the rest.
 */
import type { HelperTarget } from "../helpers/signature.ts";
import { header } from "../helpers/signature.ts";
import { I32, op, V128, type WasmFunction } from "./encode.ts";

/**
 * erf in float32 programs: Eigen's `generic_fast_erf_float`, x·P(x²)/Q(x²) on x clamped to [−4, 4]
 * (beyond, erf rounds to ±1 in float32), P of degree 6 and Q of degree 4 in x². Measured against an
 * exact erf on a 10⁻⁴ grid over [−6, 6]: relative error ≤ 6.5·10⁻⁸, about one float32 ulp. No
 * exponential and no branch, where the float64 steps (../kernels/special.ts) need one Math.exp per element.
 */
export const ERF32_P = [-2.72614225801306e-10, 2.77068142495902e-8, -2.10102402082508e-6, -5.69250639462346e-5, -7.34990630326855e-4, -2.95459980854025e-3, -1.60960333262415e-2];
export const ERF32_Q = [-1.45660718464996e-5, -2.13374055278905e-4, -1.68282697438203e-3, -7.37332916720468e-3, -1.42647390514189e-2];

/** f32x4 opcodes ../wasm/encode.ts does not list (0xFD prefix, LEB128 opcode). */
const f32x4 = {
  splat: [0xfd, 0x13],
  div: [0xfd, 0xe7, 0x01],
  min: [0xfd, 0xe8, 0x01],
  max: [0xfd, 0xe9, 0x01],
};

/** f32.const v (0x43, little-endian IEEE bits; v rounded to f32), splatted into four lanes. */
function splat(v: number): number[] {
  const b = new Uint8Array(new Float32Array([v]).buffer);
  return [0x43, ...b, ...f32x4.splat];
}

const [X, Y, N] = [0, 1, 2];
const [O, END] = [3, 4];
/** Locals 5 …: the splatted coefficients of P then Q, then each vector's V, T, P, Q. */
const COEF = 5;

export function erfKernels(): WasmFunction[] {
  const coefs = [...ERF32_P, ...ERF32_Q];
  const body: number[] = [];
  const emit = (...xs: (readonly number[])[]): void => {
    for (const x of xs) body.push(...x);
  };
  coefs.forEach((c, k) => {
    emit(splat(c), op.set(COEF + k));
  });
  const [LO, HI] = [COEF + coefs.length, COEF + coefs.length + 1];
  emit(splat(-4), op.set(LO), splat(4), op.set(HI));
  /** Two vectors' locals: V, T, P, Q. */
  const sets = [0, 1].map((k) => { const b = HI + 1 + 4 * k; return { V: b, T: b + 1, P: b + 2, Q: b + 3 }; });
  /** acc = c[0]; acc = acc·t + c[k] for the rest (locals from `first`, `count` of them). */
  const horner = (t: number, acc: number, first: number, count: number): void => {
    emit(op.get(first), op.set(acc));
    for (let k = 1; k < count; k++) emit(op.get(acc), op.get(t), op.f32x4Mul, op.get(first + k), op.f32x4Add, op.set(acc));
  };
  /** The vector at byte O + delta. */
  const one = (v: (typeof sets)[number], delta: number): void => {
    emit(op.get(X), op.get(O), op.add, op.v128Load(delta), op.get(LO), f32x4.max, op.get(HI), f32x4.min, op.set(v.V));
    emit(op.get(v.V), op.get(v.V), op.f32x4Mul, op.set(v.T));
    horner(v.T, v.P, COEF, ERF32_P.length);
    horner(v.T, v.Q, COEF + ERF32_P.length, ERF32_Q.length);
    emit(op.get(Y), op.get(O), op.add, op.get(v.V), op.get(v.P), op.f32x4Mul, op.get(v.Q), f32x4.div, op.v128Store(delta));
  };
  // Two vectors a step (independent chains the processor overlaps), then a last one where n % 8 = 4.
  emit(op.get(N), op.i32(-8), op.and, op.i32(4), op.mul, op.set(END));
  emit(op.i32(0), op.set(O), op.block, op.loop, op.get(O), op.get(END), op.geS, op.brIf(1));
  one(sets[0]!, 0);
  one(sets[1]!, 16);
  emit(op.get(O), op.i32(32), op.add, op.set(O), op.br(0), op.end, op.end);
  emit(op.get(N), op.i32(4), op.and, op.ifVoid);
  one(sets[0]!, 0);
  emit(op.end);
  return [{ name: "erf32", params: [I32, I32, I32], locals: [I32, I32, ...coefs.map(() => V128), V128, V128, ...sets.flatMap(() => [V128, V128, V128, V128])], body }];
}

export function erfSimdHelper(t: HelperTarget): string {
  return [
    `/** y[i] = erf(x[i]) for i < n − n % 4 on the wasm SIMD kernel; returns that count, 0 where x and y are not in this model's memory. */`,
    header(t, "erfSimd", ["x: F", "y: F", "n: number"], "number"),
    `  if (!(n >= 4 && x.buffer === y.buffer && x.length >= n && y.length >= n)) return 0;`,
    `  const k = this.SIMD_KERNELS.get(x.buffer);`,
    `  if (k === undefined) return 0;`,
    `  const m = n - (n % 4);`,
    // ≈ 1.6 ns an element on one thread (docs/performance.md).
    `  this.simdCall(k, x.buffer, "erf32", 1.6 * m, 2, 4, [x.byteOffset, y.byteOffset, m], [4, 4, 0]);`,
    `  return m;`,
    `}`,
  ].join("\n");
}
