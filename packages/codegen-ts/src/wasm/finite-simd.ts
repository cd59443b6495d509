/**
 * zeroSum(g, n) → f64: Σ g[i]·0 over i < n − n % 4 (byte address g, 4-byte aligned), in four f32 lanes
 * added at the end. Each term is ±0 for a finite g[i] and NaN for ±Infinity or NaN, so the result is
 * ±0 exactly when those elements are all finite (NaN otherwise), as the generated class's JS zeroSum;
 * the caller adds the last n % 4 terms.
 */
import { F64, I32, op, V128, type WasmFunction } from "./encode.ts";

const [G, N] = [0, 1];
const [O, END, ACC] = [2, 3, 4];

export function finiteKernels(): WasmFunction[] {
  const body: number[] = [];
  const emit = (...xs: (readonly number[])[]): void => {
    for (const x of xs) body.push(...x);
  };
  emit(op.v128Zero, op.set(ACC), op.get(N), op.i32(-4), op.and, op.i32(4), op.mul, op.set(END));
  emit(op.i32(0), op.set(O), op.block, op.loop, op.get(O), op.get(END), op.geS, op.brIf(1));
  emit(op.get(ACC), op.get(G), op.get(O), op.add, op.v128Load(0), op.v128Zero, op.f32x4Mul, op.f32x4Add, op.set(ACC));
  emit(op.get(O), op.i32(16), op.add, op.set(O), op.br(0), op.end, op.end);
  emit(op.get(ACC), op.f32x4Extract(0), op.get(ACC), op.f32x4Extract(1), op.f32Add, op.get(ACC), op.f32x4Extract(2), op.f32Add, op.get(ACC), op.f32x4Extract(3), op.f32Add, op.f64PromoteF32);
  return [{ name: "zeroSum", params: [I32, I32], locals: [I32, I32, V128], results: [F64], body }];
}
