/** What the matmul kernels share: their parameter list, the row range a call covers (for threads), the accumulating store. */
import { I32, op } from "./encode.ts";

/** The parameters every matmul kernel takes: a, b, c, M, N, K, acc, i0, i1. */
export const MATMUL_PARAMS: readonly number[] = [I32, I32, I32, I32, I32, I32, I32, I32, I32];

/**
 * Sets local `m4` to the end of the row range a kernel covers: M − M % 4, lowered to i1 when
 * 0 < i1 < M − M % 4 (i1 ≤ 0 means "to the end", so a 7-argument call covers every row).
 */
export function rowEnd(m: number, i1: number, m4: number): number[] {
  return [...op.get(m), ...op.i32(-4), ...op.and, ...op.set(m4), ...op.block, ...op.get(i1), ...op.i32(0), ...op.leS, ...op.brIf(0), ...op.get(i1), ...op.get(m4), ...op.geS, ...op.brIf(0), ...op.get(i1), ...op.set(m4), ...op.end];
}

/** Pushes `v` (a v128 local) or, when the acc parameter is set, `v` plus the C lanes `load` reads at `addr`+`offset`. */
export function accumulated(addr: number, offset: number, v: number, accFlag: number, load: (offset: number) => number[] = op.v128Load): number[] {
  return [...op.get(accFlag), ...op.ifV128, ...op.get(addr), ...load(offset), ...op.get(v), ...op.f32x4Add, ...op.else, ...op.get(v), ...op.end];
}
