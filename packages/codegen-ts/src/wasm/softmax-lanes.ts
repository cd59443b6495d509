/**
 * softmax over the last axis of a float32 array in WebAssembly f64x2 lanes, two rows to a vector (lane
 * 0 one row, lane 1 the next) and two vectors at a time. Each lane takes the steps of the generated
 * helper (../helpers/nn.ts softmax) on its row: max = Math.max over the row, then y[j] = exp32(x[j] −
 * max) stored (rounded to float32) while the sum adds the unrounded values in row order, then
 * y[j] = y[j] / sum — so every element has the helper's bits (a NaN's payload aside). y may be x.
 */
import { header, type HelperTarget } from "../helpers/signature.ts";
import { countedLoop, I32, op, type WasmFunction } from "./encode.ts";
import { expLanes } from "./exp-lanes.ts";
import { laneLocals } from "./fused-lanes.ts";
import { clampedRow, pairLoad, pairStore } from "./row-pairs.ts";

/** softmaxRows(x, y, rows, len): byte addresses of x and y, `rows` rows of `len` floats. */
export function softmaxKernels(): WasmFunction[] {
  const [X, Y, ROWS, LEN] = [0, 1, 2, 3];
  const { locals, i32, v128, ctx, prologue } = laneLocals(4);
  const [R, J, ROW_BYTES, LAST] = [i32(), i32(), i32(), i32()];
  /**
   * Four rows a step, in two independent pairs the processor overlaps (one pair alone waits on each
   * element's exp). Rows past the end repeat the last row: its lanes compute and store the same bits.
   * Each pass loads both pairs before it stores either, so a repeated row (or y = x) reads what the
   * pass found, not what it wrote.
   */
  const pairs = [0, 1].map(() => {
    const [A, B, V, MAX, SUM, D] = [i32(), i32(), v128(), v128(), v128(), v128()];
    // Every constant is asked for before the body is assembled (the prologue sets them).
    return { A, B, V, MAX, SUM, D, e: expLanes([D], ctx) };
  });
  const [NEG_INF, ZERO] = [ctx.f64(-Infinity), ctx.f64(0)];
  type Pair = (typeof pairs)[number];
  /** Byte J of row A's and row B's elements of array `base` (x or y). */
  const at = (p: Pair, base: number): [number[], number[]] => [[...op.get(base), ...op.get(p.A), ...op.add, ...op.get(J), ...op.add], [...op.get(base), ...op.get(p.B), ...op.add, ...op.get(J), ...op.add]];
  /** The pair's two elements at byte J of `base`, widened to f64 lanes. */
  const load = (p: Pair, base: number): number[] => pairLoad(...at(p, base), p.V);
  /** Stores the f64 lanes of the pair's D, rounded to float32, at byte J of y's two rows. */
  const store = (p: Pair): number[] => pairStore(p.D, ...at(p, Y), p.V);
  /** for (J = 0; J < ROW_BYTES; J += 4) body */
  const overRow = (body: number[]): number[] => countedLoop(J, ROW_BYTES, 4, body);
  /** The byte offset of row R + i, or of the last row where R + i is past it. */
  const rowAt = (i: number): number[] => [...clampedRow(R, LAST, i), ...op.get(ROW_BYTES), ...op.mul];
  const both = (f: (p: Pair) => number[]): number[] => pairs.flatMap(f);
  const body = [
    ...prologue,
    ...op.get(LEN), ...op.i32(4), ...op.mul, ...op.set(ROW_BYTES),
    ...op.get(ROWS), ...op.i32(1), ...op.sub, ...op.set(LAST),
    ...countedLoop(R, ROWS, 4, [
      ...pairs.flatMap((p, i) => [...rowAt(2 * i), ...op.set(p.A), ...rowAt(2 * i + 1), ...op.set(p.B)]),
      ...both((p) => [...op.get(NEG_INF), ...op.set(p.MAX), ...op.get(ZERO), ...op.set(p.SUM)]),
      ...overRow(both((p) => [...op.get(p.MAX), ...load(p, X), ...op.f64x2Max, ...op.set(p.MAX)])),
      ...overRow([
        ...both((p) => [...load(p, X), ...op.get(p.MAX), ...op.f64x2Sub, ...op.set(p.D)]),
        ...both((p) => [...p.e, ...op.set(p.D), ...op.get(p.SUM), ...op.get(p.D), ...op.f64x2Add, ...op.set(p.SUM)]),
        ...both(store),
      ]),
      ...overRow([...both((p) => [...load(p, Y), ...op.get(p.SUM), ...op.f64x2Div, ...op.set(p.D)]), ...both(store)]),
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
    // ≈ 4 ns an element on one thread (an exp, a max, a sum and a divide; docs/performance.md).
    `  this.simdCall(k, x.buffer, "softmaxRows", 4 * n, 2, 1, [x.byteOffset, y.byteOffset, outer, len], [4 * len, 4 * len, 0, 0]);`,
    `  return true;`,
    `}`,
  ].join("\n");
}
