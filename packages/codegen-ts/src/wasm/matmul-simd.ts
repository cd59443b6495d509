/**
 * The f32 matmul as a WebAssembly SIMD kernel, emitted byte by byte by the compiler (no external
 * toolchain). Two exports, each writing C (not accumulating), row-major, byte addresses:
 *   mmNN(a, b, c, M, N, K): C = A·B,   A stored M×K;
 *   mmTN(a, b, c, M, N, K): C = Aᵀ·B,  A stored K×M;  B stored K×N in both.
 * Preconditions (checked by the JS caller, which falls back to the scalar kernel otherwise):
 * M % 4 = 0, N % 8 = 0, K ≥ 1, all three arrays in the instance's memory, 4-byte aligned.
 * Each 4×8 block of C lives in 8 f32x4 accumulators while p runs from 0 to K−1: per p, two vector
 * loads of B's row segment, four splatted loads of A's column segment, 8 multiply-adds (32 FLOP-pairs).
 * Every C element is Σ_p A(i,p)·B(p,j) summed in increasing p, in f32 (the scalar kernel sums in f64).
 */
import { encodeModule, I32, op, V128, type WasmFunction } from "./encode.ts";

const [A, B, C, M, N, K] = [0, 1, 2, 3, 4, 5];
const [I, J, P, PA0, PB, ROW_A, STEP_A, STEP_B, PC] = [6, 7, 8, 9, 13, 14, 15, 16, 17];
const [B0, B1, X, ACC0] = [18, 19, 20, 21];
const pa = (r: number): number => PA0 + r;
const acc = (r: number, h: number): number => ACC0 + 2 * r + h;

function kernel(name: string, transA: boolean): WasmFunction {
  const body: number[] = [];
  const emit = (...xs: (readonly number[])[]): void => {
    for (const x of xs) body.push(...x);
  };
  const addTo = (local: number, by: number): void => {
    emit(op.get(local), op.get(by), op.add, op.set(local));
  };
  // Bytes between rows i and i+1 of op(A), and between p and p+1.
  if (transA) emit(op.i32(4), op.set(ROW_A), op.get(M), op.i32(4), op.mul, op.set(STEP_A));
  else emit(op.get(K), op.i32(4), op.mul, op.set(ROW_A), op.i32(4), op.set(STEP_A));
  emit(op.get(N), op.i32(4), op.mul, op.set(STEP_B));
  emit(op.i32(0), op.set(I), op.block, op.loop, op.get(I), op.get(M), op.geS, op.brIf(1));
  emit(op.i32(0), op.set(J), op.block, op.loop, op.get(J), op.get(N), op.geS, op.brIf(1));
  for (let r = 0; r < 4; r++) for (let h = 0; h < 2; h++) emit(op.v128Zero, op.set(acc(r, h)));
  emit(op.get(A), op.get(I), op.get(ROW_A), op.mul, op.add, op.set(pa(0)));
  for (let r = 1; r < 4; r++) emit(op.get(pa(r - 1)), op.get(ROW_A), op.add, op.set(pa(r)));
  emit(op.get(B), op.get(J), op.i32(4), op.mul, op.add, op.set(PB));
  emit(op.get(K), op.set(P), op.block, op.loop, op.get(P), op.eqz, op.brIf(1));
  emit(op.get(PB), op.v128Load(0), op.set(B0), op.get(PB), op.v128Load(16), op.set(B1));
  for (let r = 0; r < 4; r++) {
    emit(op.get(pa(r)), op.load32Splat(0), op.set(X));
    for (let h = 0; h < 2; h++) emit(op.get(acc(r, h)), op.get(X), op.get(h === 0 ? B0 : B1), op.f32x4Mul, op.f32x4Add, op.set(acc(r, h)));
    addTo(pa(r), STEP_A);
  }
  addTo(PB, STEP_B);
  emit(op.get(P), op.i32(1), op.sub, op.set(P), op.br(0), op.end, op.end);
  emit(op.get(C), op.get(I), op.get(N), op.mul, op.get(J), op.add, op.i32(4), op.mul, op.add, op.set(PC));
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) emit(op.get(PC), op.get(acc(r, h)), op.v128Store(16 * h));
    addTo(PC, STEP_B);
  }
  emit(op.get(J), op.i32(8), op.add, op.set(J), op.br(0), op.end, op.end);
  emit(op.get(I), op.i32(4), op.add, op.set(I), op.br(0), op.end, op.end);
  const locals = [...new Array<number>(12).fill(I32), ...new Array<number>(11).fill(V128)];
  return { name, params: [I32, I32, I32, I32, I32, I32], locals, body };
}

/** The module's bytes: imports `env.memory`, exports mmNN and mmTN. */
export function simdMatmulModule(): Uint8Array {
  return encodeModule([kernel("mmNN", false), kernel("mmTN", true)]);
}
