/**
 * zeroSum(g, n) → f64: Σ g[i]·0 over i < n − n % 4 (byte address g, 4-byte aligned), in f32 lanes added
 * at the end. Each term is ±0 for a finite g[i] and NaN for ±Infinity or NaN, so the result is ±0
 * exactly when those elements are all finite (NaN otherwise), as the generated class's JS zeroSum;
 * the caller adds the last n % 4 terms. Four f32x4 accumulators take 16 floats a step (one would wait
 * on each add's latency), then one takes the rest 4 at a time.
 */
import { F64, I32, op, V128, type WasmFunction } from "./encode.ts";

const [G, N] = [0, 1];
const [O, END16, END4] = [2, 3, 4];
const ACC = [5, 6, 7, 8] as const;

export function finiteKernels(): WasmFunction[] {
  const body: number[] = [];
  const emit = (...xs: (readonly number[])[]): void => {
    for (const x of xs) body.push(...x);
  };
  /** ACC[k] += (the f32x4 at g + O + offset)·0 */
  const step = (k: number, offset: number): void => {
    emit(op.get(ACC[k]!), op.get(G), op.get(O), op.add, op.v128Load(offset), op.v128Zero, op.f32x4Mul, op.f32x4Add, op.set(ACC[k]!));
  };
  /** while (O < end) { body; O += bytes } */
  const loop = (end: number, bytes: number, inner: () => void): void => {
    emit(op.block, op.loop, op.get(O), op.get(end), op.geS, op.brIf(1));
    inner();
    emit(op.get(O), op.i32(bytes), op.add, op.set(O), op.br(0), op.end, op.end);
  };
  for (const a of ACC) emit(op.v128Zero, op.set(a));
  emit(op.get(N), op.i32(-16), op.and, op.i32(4), op.mul, op.set(END16));
  emit(op.get(N), op.i32(-4), op.and, op.i32(4), op.mul, op.set(END4));
  emit(op.i32(0), op.set(O));
  loop(END16, 64, () => {
    for (let k = 0; k < 4; k++) step(k, 16 * k);
  });
  loop(END4, 16, () => {
    step(0, 0);
  });
  // ACC[0] = (ACC[0] + ACC[1]) + (ACC[2] + ACC[3]), then its four lanes.
  emit(op.get(ACC[0]), op.get(ACC[1]), op.f32x4Add, op.get(ACC[2]), op.get(ACC[3]), op.f32x4Add, op.f32x4Add, op.set(ACC[0]));
  const acc = ACC[0];
  emit(op.get(acc), op.f32x4Extract(0), op.get(acc), op.f32x4Extract(1), op.f32Add, op.get(acc), op.f32x4Extract(2), op.f32Add, op.get(acc), op.f32x4Extract(3), op.f32Add, op.f64PromoteF32);
  return [{ name: "zeroSum", params: [I32, I32], locals: [I32, I32, I32, V128, V128, V128, V128], results: [F64], body }];
}
