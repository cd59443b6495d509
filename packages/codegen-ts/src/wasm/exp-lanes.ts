/**
 * exp32 (../helpers/exp32.ts) in f64x2 lanes, taking its very steps so each lane has the bits the
 * JavaScript helper returns: the clamp, k = ⌊w + ½⌋, r = (w − k)·ln 2, the same Horner polynomial (a
 * multiply then an add per term, no fused multiply-add), then e·2^k. The helper reads 2^k from a table
 * of exact powers; here 2^k is built from its exponent bits, which only reach normal numbers, so for
 * k < −1021 the product is taken in two exact-then-rounding steps, (e·2^(k+60))·2^−60: the first is
 * exact (a normal result), the second rounds once, as e·2^k does. k = −1075 (2^−1075 is 0 in the
 * table) gives 0, and NaN stays the argument.
 */
import { EXP32 } from "../helpers/exp32.ts";
import { op } from "./encode.ts";
import type { LaneCode } from "./fused-lanes.ts";

/** Below this k, 2^k is applied in two steps (2^(k+SHIFT), then 2^−SHIFT). */
const SMALL_K = -1021;
const SHIFT = 60;

export const expLanes: LaneCode = (a, c) => {
  const x = a[0]!;
  const [w, k, r, small, e] = [c.scratch(), c.scratch(), c.scratch(), c.scratch(), c.scratch()];
  const f = (v: number): number[] => op.get(c.f64(v));
  const t = EXP32.taylor;
  const poly: number[] = [...f(t[t.length - 1]!)];
  for (let i = t.length - 2; i >= 0; i--) poly.push(...op.get(r), ...op.f64x2Mul, ...f(t[i]!), ...op.f64x2Add);
  /** e·2^(k + b), b the exponent bias the code `bias` pushes (i64 lanes; k + b a normal exponent field). */
  const scaled = (bias: readonly number[]): number[] => [...op.get(e), ...op.get(k), ...op.i32x4TruncSatF64x2SZero, ...op.i64x2ExtendLowI32x4S, ...bias, ...op.i64x2Add, ...op.i32(52), ...op.i64x2Shl, ...op.f64x2Mul];
  return [
    // Math.min(hi, Math.max(lo, x)) for every x but NaN, whose lane is replaced at the end: pmin/pmax
    // (one instruction each) differ from min/max only there. NaN's lane clamps to lo, so its k is −1075.
    ...f(EXP32.hi), ...f(EXP32.lo), ...op.get(x), ...op.f64x2Pmax, ...op.f64x2Pmin, ...f(EXP32.log2e), ...op.f64x2Mul, ...op.set(w),
    ...op.get(w), ...f(0.5), ...op.f64x2Add, ...op.f64x2Floor, ...op.set(k),
    ...op.get(w), ...op.get(k), ...op.f64x2Sub, ...f(EXP32.ln2), ...op.f64x2Mul, ...op.set(r),
    ...op.get(k), ...f(SMALL_K), ...op.f64x2Lt, ...op.set(small),
    ...poly, ...op.set(e),
    // Every lane's k ≥ SMALL_K (no NaN, no subnormal or zero result): one multiply by 2^k. Otherwise
    // the steps below, which give the same bits in those lanes.
    ...op.get(small), ...op.v128AnyTrue, ...op.eqz, ...op.ifV128, ...scaled(op.get(c.i64(1023))), ...op.else,
    // e·2^(k + SHIFT·small): the exponent field k + 1023 (+ SHIFT where k < SMALL_K).
    ...scaled([...op.get(c.i64(1023 + SHIFT)), ...op.get(c.i64(1023)), ...op.get(small), ...op.v128Bitselect]),
    // Then 2^−SHIFT (1 where k ≥ SMALL_K), or 0 where k = −1075 (the table's 2^−1075 is 0): a zero
    // factor, not a subnormal product selected away afterwards — subnormal arithmetic is many times
    // slower, and attention's masked scores (−10⁹) all come here.
    ...f(2 ** -SHIFT), ...f(1), ...op.get(small), ...op.v128Bitselect, ...f(0), ...op.get(k), ...f(-1074), ...op.f64x2Ge, ...op.v128Bitselect,
    ...op.f64x2Mul,
    // NaN: the argument itself.
    ...op.get(x), ...op.get(x), ...op.get(x), ...op.f64x2Eq, ...op.v128Bitselect,
    ...op.end,
  ];
};
