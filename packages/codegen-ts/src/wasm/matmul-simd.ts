/**
 * The f32 matmul as WebAssembly SIMD kernels, emitted byte by byte by the compiler (no external
 * toolchain). Four exports, row-major operands, byte addresses, C written (acc = 0) or added to
 * (acc ≠ 0):
 *   mmNN(a, b, c, M, N, K, acc, i0, i1): C = A·B,   A stored M×K, B stored K×N;
 *   mmTN(a, b, c, M, N, K, acc, i0, i1): C = Aᵀ·B,  A stored K×M, B stored K×N;
 *   mmNT(a, b, c, M, N, K, acc, i0, i1): C = A·Bᵀ,  A stored M×K, B stored N×K (./matmul-nt-simd.ts);
 *   mmNNP(a, b, c, M, N, K, acc, i0, i1): C = A·B, B in 16-column panels, N a multiple of 16 (`panels` below).
 * Each kernel covers the rows i0 ≤ i < M4 of C, where M4 = M − M % 4 lowered to i1 when
 * 0 < i1 < M − M % 4 (i0, i1 multiples of 4: a thread takes a row range, and every C element is
 * computed the same whatever the split; i1 ≤ 0 means all rows, so a 7-argument call covers them all).
 * mmNN and mmTN cover every column of those rows, and the call whose range reaches M − M % 4 (M4 not
 * lowered) also covers the last M % 4 rows, one row at a time (batch-1 inference), so they cover all
 * of C; mmNT covers j < N − N % 4 (and sums p < K − K % 4 in lanes), and the JS caller does its edges
 * with the scalar kernel. All arrays live in the instance's memory, 4-byte aligned.
 * mmNN/mmTN: each main block of C (mmNN 2×16, mmTN 4×8) lives in 8 f32x4 accumulators while p runs
 * from 0 to K−1 (per p, vector loads of B's row segment, one splatted load of A per row, 8
 * multiply-adds; mmTN's four A loads sit at constant offsets from one pointer, mmNN's follow a row
 * pointer each; the p loop is not unrolled: V8 hoists an unrolled pass's loads above its arithmetic
 * and spills the accumulators); the last columns take 8-, 4-, 2- and 1-column blocks as N's low bits
 * say (B's 2 or 1 floats loaded into the low lanes of a zeroed vector, C's stored from them). Every C
 * element is Σ_p A(i,p)·B(p,j) summed in increasing p, in f32, whatever the block (the scalar kernel
 * sums in f64).
 */
import { encodeModule, f32x4MulAdd, I32, op, V128, type WasmFunction } from "./encode.ts";
import { accumulated, MATMUL_PARAMS, rowEnd } from "./matmul-rows.ts";
import { ntKernel } from "./matmul-nt-simd.ts";

const [A, B, C, M, N, K, ACC, I0, I1] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const [I, J, P, PA0, PB, ROW_A, STEP_A, STEP_B, PC, M4, STEP_C, N8] = [9, 10, 11, 12, 16, 17, 18, 19, 20, 21, 22, 23];
const I32_LOCALS = 15;
// v128 locals: the splatted A value, up to 4 B vectors, then accum(r, h) for r < 4, h < 4.
const [X, B0, ACC0] = [24, 25, 29];
const V128_LOCALS = ACC0 + 16 - X;
const pa = (r: number): number => PA0 + r;
const bLane = (h: number): number => B0 + h;
const accum = (r: number, h: number): number => ACC0 + 4 * r + h;

/**
 * `panels`: B is stored in 16-column panels (panel q holds columns 16q … 16q+15 as a K×16 row-major
 * block, at B + q·64·K bytes), N a multiple of 16: the main tile reads B's rows 64 bytes apart, in order.
 */
function kernel(name: string, transA: boolean, fused: boolean, panels = false): WasmFunction {
  // The main tile, rows × width of C in rows·width/4 accumulators: mmNN 2×16 (two splatted loads of A
  // per 8 multiply-adds: ≈ 5 % faster here than 4×8, whose four splats compete with the arithmetic);
  // mmTN 4×8 (its four A values are adjacent in memory).
  const [MAIN_ROWS, MAIN_WIDTH] = transA ? ([4, 8] as const) : ([2, 16] as const);
  const body: number[] = [];
  const emit = (...xs: (readonly number[])[]): void => {
    for (const x of xs) body.push(...x);
  };
  const addTo = (local: number, by: number): void => {
    emit(op.get(local), op.get(by), op.add, op.set(local));
  };
  /** The block of C rows i…i+rows−1, columns j…j+width−1 (width 16, 8, 4, 2 or 1; below 4, the unused lanes are zero). */
  const tile = (width: 16 | 8 | 4 | 2 | 1, rows: 4 | 2 | 1): void => {
    const halves = width >= 4 ? width / 4 : 1;
    const load = width >= 4 ? op.v128Load : width === 2 ? op.v128Load64Zero : op.v128Load32Zero;
    const store = width >= 4 ? op.v128Store : width === 2 ? op.v128Store64Lane0 : op.v128Store32Lane0;
    for (let r = 0; r < rows; r++) for (let h = 0; h < halves; h++) emit(op.v128Zero, op.set(accum(r, h)));
    emit(op.get(A), op.get(I), op.get(ROW_A), op.mul, op.add, op.set(pa(0)));
    if (!transA) for (let r = 1; r < rows; r++) emit(op.get(pa(r - 1)), op.get(ROW_A), op.add, op.set(pa(r)));
    // Column J of B: J floats into its row (panels: J/16 panels of 16·K floats).
    emit(op.get(B), op.get(J), ...(panels ? [op.get(K)] : []), op.i32(4), op.mul, ...(panels ? [op.mul] : []), op.add, op.set(PB));
    emit(op.get(K), op.set(P), op.block, op.loop, op.get(P), op.eqz, op.brIf(1));
    for (let h = 0; h < halves; h++) emit(op.get(PB), load(16 * h), op.set(bLane(h)));
    for (let r = 0; r < rows; r++) {
      // mmTN: A(i+r, p) are four adjacent floats of A's stored row p, at constant offsets from one pointer.
      emit(op.get(transA ? pa(0) : pa(r)), op.load32Splat(transA ? 4 * r : 0), op.set(X));
      for (let h = 0; h < halves; h++) emit(f32x4MulAdd(fused, op.get(accum(r, h)), op.get(X), op.get(bLane(h))), op.set(accum(r, h)));
      if (!transA) addTo(pa(r), STEP_A);
    }
    if (transA) addTo(pa(0), STEP_A);
    addTo(PB, STEP_B);
    emit(op.get(P), op.i32(1), op.sub, op.set(P), op.br(0), op.end, op.end);
    emit(op.get(C), op.get(I), op.get(N), op.mul, op.get(J), op.add, op.i32(4), op.mul, op.add, op.set(PC));
    for (let r = 0; r < rows; r++) {
      for (let h = 0; h < halves; h++) emit(op.get(PC), accumulated(PC, 16 * h, accum(r, h), ACC, load), store(16 * h));
      addTo(PC, STEP_C);
    }
  };
  // Bytes between rows i and i+1 of op(A), and between p and p+1.
  if (transA) emit(op.i32(4), op.set(ROW_A), op.get(M), op.i32(4), op.mul, op.set(STEP_A));
  else emit(op.get(K), op.i32(4), op.mul, op.set(ROW_A), op.i32(4), op.set(STEP_A));
  emit(op.get(N), op.i32(4), op.mul, op.set(STEP_C));
  if (panels) emit(op.i32(64), op.set(STEP_B));
  else emit(op.get(N), op.i32(4), op.mul, op.set(STEP_B));
  emit(rowEnd(M, I1, M4), op.get(N), op.i32(-MAIN_WIDTH), op.and, op.set(N8));
  /** Every column of the `rows` rows from I: MAIN_WIDTH-column blocks, then the narrower blocks (8, 4, 2, 1) N's low bits ask for. */
  const rowBlock = (rows: 4 | 2 | 1): void => {
    emit(op.i32(0), op.set(J), op.block, op.loop, op.get(J), op.get(N8), op.geS, op.brIf(1));
    tile(MAIN_WIDTH, rows);
    emit(op.get(J), op.i32(MAIN_WIDTH), op.add, op.set(J), op.br(0), op.end, op.end);
    for (const w of ([8, 4, 2, 1] as const).filter((x) => x < MAIN_WIDTH && !panels)) {
      emit(op.block, op.get(N), op.i32(w), op.and, op.eqz, op.brIf(0));
      tile(w, rows);
      emit(op.get(J), op.i32(w), op.add, op.set(J), op.end);
    }
  };
  emit(op.get(I0), op.set(I), op.block, op.loop, op.get(I), op.get(M4), op.geS, op.brIf(1));
  rowBlock(MAIN_ROWS);
  emit(op.get(I), op.i32(MAIN_ROWS), op.add, op.set(I), op.br(0), op.end, op.end);
  // The last M % 4 rows, one at a time, by the call whose range reaches M − M % 4 (M4 not lowered).
  emit(op.block, op.get(M4), op.get(M), op.i32(-4), op.and, op.ne, op.brIf(0));
  emit(op.get(M4), op.set(I), op.block, op.loop, op.get(I), op.get(M), op.geS, op.brIf(1));
  rowBlock(1);
  emit(op.get(I), op.i32(1), op.add, op.set(I), op.br(0), op.end, op.end, op.end);
  const locals = [...new Array<number>(I32_LOCALS).fill(I32), ...new Array<number>(V128_LOCALS).fill(V128)];
  return { name, params: MATMUL_PARAMS, locals, body };
}

/**
 * The three matmul kernels mmNN, mmTN and mmNT (./module.ts assembles them with the others); `fused`:
 * each multiply-add is relaxed SIMD's madd (./relaxed.ts), else f32x4.mul and f32x4.add.
 */
export function matmulKernels(fused = false): WasmFunction[] {
  return [kernel("mmNN", false, fused), kernel("mmTN", true, fused), ntKernel("mmNT", fused), kernel("mmNNP", false, fused, true)];
}

/** A module of the matmul kernels alone: imports `env.memory`, exports mmNN, mmTN, mmNT and mmNNP. */
export function simdMatmulModule(): Uint8Array {
  return encodeModule(matmulKernels());
}
