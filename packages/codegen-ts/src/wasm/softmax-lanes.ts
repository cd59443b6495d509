/**
 * softmax over the last axis of a float32 array in WebAssembly f64x2 lanes, two rows at a time (lane 0
 * one row, lane 1 the next; an odd last row fills both lanes, which then store the same bits to the
 * same place). Each lane takes the steps of the generated helper (../helpers/nn.ts softmax) on its row:
 * max = Math.max over the row, then y[j] = exp32(x[j] − max) stored (rounded to float32) while the sum
 * adds the unrounded values in row order, then y[j] = y[j] / sum — so every element has the helper's
 * bits (a NaN's payload aside). y may be x.
 */
import { header, type HelperTarget } from "../helpers/signature.ts";
import { countedLoop, I32, op, type WasmFunction } from "./encode.ts";
import { expLanes } from "./exp-lanes.ts";
import { laneLocals } from "./fused-lanes.ts";

/** softmaxRows(x, y, rows, len): byte addresses of x and y, `rows` rows of `len` floats. */
export function softmaxKernels(): WasmFunction[] {
  const [X, Y, ROWS, LEN] = [0, 1, 2, 3];
  const { locals, i32, v128, ctx, prologue } = laneLocals(4);
  const [R, A, B, J, ROW_BYTES] = [i32(), i32(), i32(), i32(), i32()];
  const [V, MAX, SUM, D] = [v128(), v128(), v128(), v128()];
  // Every constant is asked for before the body is assembled (the prologue sets them).
  const e = expLanes([D], ctx);
  const [NEG_INF, ZERO] = [ctx.f64(-Infinity), ctx.f64(0)];
  /** The two rows' elements at byte J of base `base` (x or y), widened to f64 lanes. */
  const load = (base: number): number[] => [...op.get(base), ...op.get(A), ...op.add, ...op.get(J), ...op.add, ...op.v128Load32Zero(0), ...op.set(V), ...op.get(base), ...op.get(B), ...op.add, ...op.get(J), ...op.add, ...op.get(V), ...op.v128Load32Lane(0, 1), ...op.f64x2PromoteLow];
  /** Stores the f64 lanes of local `v`, rounded to float32, at byte J of y's two rows. */
  const store = (v: number): number[] => [
    ...op.get(v), ...op.f32x4DemoteZero, ...op.set(V),
    ...op.get(Y), ...op.get(A), ...op.add, ...op.get(J), ...op.add, ...op.get(V), ...op.v128Store32Lane(0, 0),
    ...op.get(Y), ...op.get(B), ...op.add, ...op.get(J), ...op.add, ...op.get(V), ...op.v128Store32Lane(0, 1),
  ];
  /** for (J = 0; J < ROW_BYTES; J += 4) body */
  const overRow = (body: number[]): number[] => countedLoop(J, ROW_BYTES, 4, body);
  const body = [
    ...prologue,
    ...op.get(LEN), ...op.i32(4), ...op.mul, ...op.set(ROW_BYTES),
    ...countedLoop(R, ROWS, 2, [
      // A: row R's byte offset; B: row R + 1's, or A again for an odd last row.
      ...op.get(R), ...op.get(ROW_BYTES), ...op.mul, ...op.set(A),
      ...op.get(A), ...op.get(ROW_BYTES), ...op.add, ...op.set(B),
      ...op.get(R), ...op.i32(1), ...op.add, ...op.get(ROWS), ...op.geU, ...op.ifVoid, ...op.get(A), ...op.set(B), ...op.end,
      ...op.get(NEG_INF), ...op.set(MAX),
      ...overRow([...op.get(MAX), ...load(X), ...op.f64x2Max, ...op.set(MAX)]),
      ...op.get(ZERO), ...op.set(SUM),
      ...overRow([...load(X), ...op.get(MAX), ...op.f64x2Sub, ...op.set(D), ...e, ...op.set(D), ...store(D), ...op.get(SUM), ...op.get(D), ...op.f64x2Add, ...op.set(SUM)]),
      ...overRow([...load(Y), ...op.get(SUM), ...op.f64x2Div, ...op.set(D), ...store(D)]),
    ]),
  ];
  return [{ name: "softmaxRows", params: [I32, I32, I32, I32], locals, body }];
}

/** The class helper: softmax over the last axis (inner = 1) on the kernel; false where it declines (another axis, arrays outside this model's memory). */
export function softmaxSimdHelper(t: HelperTarget): string {
  return [
    `/** y = softmax(x) along each row of len floats on the wasm kernel (two rows in f64 lanes, the helper softmax's bits); false where inner ≠ 1 or the arrays are not in this model's memory. */`,
    header(t, "softmaxSimd", ["x: F", "y: F", "outer: number", "len: number", "inner: number"], "boolean"),
    `  const n = outer * len;`,
    `  if (!(inner === 1 && n >= 1 && x.buffer === y.buffer && x.length >= n && y.length >= n)) return false;`,
    `  const k = this.SIMD_KERNELS.get(x.buffer);`,
    `  if (k === undefined) return false;`,
    `  k.softmaxRows(x.byteOffset, y.byteOffset, outer, len);`,
    `  return true;`,
    `}`,
  ].join("\n");
}
