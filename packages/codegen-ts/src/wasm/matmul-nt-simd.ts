/**
 * mmNT(a, b, c, M, N, K, acc, i0, i1) as a WebAssembly SIMD kernel: C = A·Bᵀ with A stored M×K and
 * B stored N×K, both read along their rows (contiguous in p). It covers i0 ≤ i < M4 (M − M % 4, or
 * i1 when 0 < i1 < that; see ./matmul-simd.ts), j < N − N % 4; the JS caller does the edge rows
 * and columns.
 * Each 4×2 block of C keeps 8 f32x4 accumulators, lane l summing the terms p ≡ l (mod 4); per step
 * of 4 in p, two vector loads of B's rows, four of A's rows, 8 multiply-adds. The four lanes are
 * added at the end, ((l0 + l1) + l2) + l3, then the last K % 4 terms in increasing p, in f32 (so the
 * summation order differs from the scalar kernel's increasing p; both are within f32 rounding of
 * the exact sum).
 * For K < SMALL_K the dot products are too short to amortize the lane sums and the scalar K % 4 tail
 * (the MNIST MLP's dh = dlogits·W2ᵀ has K = 10, attention's Q·Kᵀ the head size), so the kernel takes
 * 4×4 blocks instead: per p, one vector of B's column (B[j…j+3, p], one load and three lane loads)
 * and four splatted loads of A's column, 4 multiply-adds, every C element summed in increasing p in
 * f32, as mmNN does.
 */
import { F32, f32x4MulAdd, I32, op, V128, type WasmFunction } from "./encode.ts";
import { accumulated, MATMUL_PARAMS, rowEnd } from "./matmul-rows.ts";

const [A, B, C, M, N, K, ACC, I0, I1] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const [I, J, Q, K4B, ROW, PA0, PB0, PC, M4, N4, STEP_C] = [9, 10, 11, 12, 13, 14, 18, 20, 21, 22, 23];
const I32_LOCALS = 15;
const [B0, X, ACC0] = [24, 26, 27];
const V128_LOCALS = 11;
const S = 35;
/** Pointers to rows j … j+3 of B in the small-K path (locals after S). */
const PG0 = 36;
const pg = (c: number): number => PG0 + c;
/** Below this K the kernel takes the small-K path (measured: K = 10 ran at ≈ 12 GFLOP/s on the dot-product path). */
export const SMALL_K = 16;
const pa = (r: number): number => PA0 + r;
const pb = (c: number): number => PB0 + c;
const bv = (c: number): number => B0 + c;
const accum = (r: number, c: number): number => ACC0 + 2 * r + c;

export function ntKernel(name: string, fused = false): WasmFunction {
  const body: number[] = [];
  const emit = (...xs: (readonly number[])[]): void => {
    for (const x of xs) body.push(...x);
  };
  emit(op.get(K), op.i32(4), op.mul, op.set(ROW), op.get(K), op.i32(-4), op.and, op.i32(4), op.mul, op.set(K4B));
  emit(op.get(N), op.i32(4), op.mul, op.set(STEP_C));
  emit(rowEnd(M, I1, M4), op.get(N), op.i32(-4), op.and, op.set(N4));
  // block $done { block $dot { K ≥ SMALL_K → $dot; the small-K path; → $done } the dot-product path }
  emit(op.block, op.block, op.get(K), op.i32(SMALL_K), op.geS, op.brIf(0));
  emit(smallK(fused));
  emit(op.br(1), op.end);
  emit(op.get(I0), op.set(I), op.block, op.loop, op.get(I), op.get(M4), op.geS, op.brIf(1));
  emit(op.i32(0), op.set(J), op.block, op.loop, op.get(J), op.get(N4), op.geS, op.brIf(1));
  for (let r = 0; r < 4; r++) for (let c = 0; c < 2; c++) emit(op.v128Zero, op.set(accum(r, c)));
  emit(op.get(A), op.get(I), op.get(ROW), op.mul, op.add, op.set(pa(0)));
  for (let r = 1; r < 4; r++) emit(op.get(pa(r - 1)), op.get(ROW), op.add, op.set(pa(r)));
  emit(op.get(B), op.get(J), op.get(ROW), op.mul, op.add, op.set(pb(0)), op.get(pb(0)), op.get(ROW), op.add, op.set(pb(1)));
  emit(op.i32(0), op.set(Q), op.block, op.loop, op.get(Q), op.get(K4B), op.geS, op.brIf(1));
  for (let c = 0; c < 2; c++) emit(op.get(pb(c)), op.get(Q), op.add, op.v128Load(0), op.set(bv(c)));
  for (let r = 0; r < 4; r++) {
    emit(op.get(pa(r)), op.get(Q), op.add, op.v128Load(0), op.set(X));
    for (let c = 0; c < 2; c++) emit(f32x4MulAdd(fused, op.get(accum(r, c)), op.get(X), op.get(bv(c))), op.set(accum(r, c)));
  }
  emit(op.get(Q), op.i32(16), op.add, op.set(Q), op.br(0), op.end, op.end);
  emit(op.get(C), op.get(I), op.get(N), op.mul, op.get(J), op.add, op.i32(4), op.mul, op.add, op.set(PC));
  // K % 4 = 0: the lane sums of two rows' accumulators by shuffles, (l0 + l2) + (l1 + l3), stored two columns a row.
  emit(op.get(K4B), op.get(ROW), op.eq, op.ifVoid);
  for (const r of [0, 2]) emit(laneSums(r));
  emit(op.else);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 2; c++) {
      const v = accum(r, c);
      emit(op.get(v), op.f32x4Extract(0), op.get(v), op.f32x4Extract(1), op.f32Add, op.get(v), op.f32x4Extract(2), op.f32Add, op.get(v), op.f32x4Extract(3), op.f32Add, op.set(S));
      // The terms p = K4 … K − 1 (Q in bytes from K4B to ROW).
      emit(op.get(K4B), op.set(Q), op.block, op.loop, op.get(Q), op.get(ROW), op.geS, op.brIf(1));
      emit(op.get(S), op.get(pa(r)), op.get(Q), op.add, op.f32Load(0), op.get(pb(c)), op.get(Q), op.add, op.f32Load(0), op.f32Mul, op.f32Add, op.set(S));
      emit(op.get(Q), op.i32(4), op.add, op.set(Q), op.br(0), op.end, op.end);
      emit(op.get(PC), op.get(ACC), op.ifF32, op.get(S), op.get(PC), op.f32Load(4 * c), op.f32Add, op.else, op.get(S), op.end, op.f32Store(4 * c));
    }
    emit(op.get(PC), op.get(STEP_C), op.add, op.set(PC));
  }
  emit(op.end);
  emit(op.get(J), op.i32(2), op.add, op.set(J), op.br(0), op.end, op.end);
  emit(op.get(I), op.i32(4), op.add, op.set(I), op.br(0), op.end, op.end);
  emit(op.end);
  const locals = [...new Array<number>(I32_LOCALS).fill(I32), ...new Array<number>(V128_LOCALS).fill(V128), F32, I32, I32, I32, I32, V128, V128];
  return { name, params: MATMUL_PARAMS, locals, body };
}

/** Two v128 temporaries (locals after the small-K path's pointers). */
const [T0, T1] = [40, 41];

/**
 * Rows r and r + 1 of a 4×2 block when K % 4 = 0: [Σ acc(r,0), Σ acc(r,1), Σ acc(r+1,0), Σ acc(r+1,1)],
 * each lane sum (l0 + l2) + (l1 + l3), plus C's elements where acc is set; lanes 0–1 go to row r,
 * 2–3 to row r + 1.
 */
function laneSums(r: number): number[] {
  const pair = (x: number, y: number): number[] => [...op.get(x), ...op.get(y), ...op.shuffle32([0, 1, 4, 5]), ...op.get(x), ...op.get(y), ...op.shuffle32([2, 3, 6, 7]), ...op.f32x4Add];
  const row = (k: number): number[] => [...op.get(PC), ...op.get(STEP_C), ...op.i32(k), ...op.mul, ...op.add];
  const sums = [
    ...pair(accum(r, 0), accum(r, 1)), ...op.set(T0),
    ...pair(accum(r + 1, 0), accum(r + 1, 1)), ...op.set(T1),
    ...op.get(T0), ...op.get(T1), ...op.shuffle32([0, 2, 4, 6]), ...op.get(T0), ...op.get(T1), ...op.shuffle32([1, 3, 5, 7]), ...op.f32x4Add,
  ];
  const old = [...row(r + 1), ...row(r), ...op.v128Load64Zero(0), ...op.v128Load64Lane(0, 1)];
  return [
    ...sums, ...op.set(T0),
    ...op.get(ACC), ...op.ifVoid, ...op.get(T0), ...old, ...op.f32x4Add, ...op.set(T0), ...op.end,
    ...row(r), ...op.get(T0), ...op.v128Store64Lane(0, 0),
    ...row(r + 1), ...op.get(T0), ...op.v128Store64Lane(0, 1),
  ];
}

/** The small-K path: rows I0 ≤ i < M4, columns j < N4, in 4×4 blocks (4 accumulators, one per row). */
function smallK(fused: boolean): number[] {
  const body: number[] = [];
  const emit = (...xs: (readonly number[])[]): void => {
    for (const x of xs) body.push(...x);
  };
  emit(op.get(I0), op.set(I), op.block, op.loop, op.get(I), op.get(M4), op.geS, op.brIf(1));
  emit(op.get(A), op.get(I), op.get(ROW), op.mul, op.add, op.set(pa(0)));
  for (let r = 1; r < 4; r++) emit(op.get(pa(r - 1)), op.get(ROW), op.add, op.set(pa(r)));
  emit(op.i32(0), op.set(J), op.block, op.loop, op.get(J), op.get(N4), op.geS, op.brIf(1));
  for (let r = 0; r < 4; r++) emit(op.v128Zero, op.set(accum(r, 0)));
  emit(op.get(B), op.get(J), op.get(ROW), op.mul, op.add, op.set(pg(0)));
  for (let c = 1; c < 4; c++) emit(op.get(pg(c - 1)), op.get(ROW), op.add, op.set(pg(c)));
  // Q: p in bytes, 0 … ROW − 4 (K ≥ 1).
  emit(op.i32(0), op.set(Q), op.loop);
  emit(op.get(pg(0)), op.get(Q), op.add, op.v128Load32Zero(0), op.set(bv(0)));
  for (let c = 1; c < 4; c++) emit(op.get(pg(c)), op.get(Q), op.add, op.get(bv(0)), op.v128Load32Lane(0, c), op.set(bv(0)));
  for (let r = 0; r < 4; r++) emit(f32x4MulAdd(fused, op.get(accum(r, 0)), [...op.get(pa(r)), ...op.get(Q), ...op.add, ...op.load32Splat(0)], op.get(bv(0))), op.set(accum(r, 0)));
  emit(op.get(Q), op.i32(4), op.add, op.set(Q), op.get(Q), op.get(ROW), op.ltS, op.brIf(0), op.end);
  emit(op.get(C), op.get(I), op.get(N), op.mul, op.get(J), op.add, op.i32(4), op.mul, op.add, op.set(PC));
  for (let r = 0; r < 4; r++) emit(op.get(PC), accumulated(PC, 0, accum(r, 0), ACC), op.v128Store(0), op.get(PC), op.get(STEP_C), op.add, op.set(PC));
  emit(op.get(J), op.i32(4), op.add, op.set(J), op.br(0), op.end, op.end);
  emit(op.get(I), op.i32(4), op.add, op.set(I), op.br(0), op.end, op.end);
  return body;
}
