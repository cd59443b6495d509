/**
 * What the kernels that put two rows in the f64 lanes of a vector share (./softmax-lanes.ts,
 * ./row-reduce-lanes.ts): which row a lane takes near the end, and the widening load and narrowing
 * store of one float of each row.
 */
import { op } from "./encode.ts";

/** The index of row R + i, or of the last row where R + i is past it (i32 locals R and LAST). */
export function clampedRow(r: number, last: number, i: number): number[] {
  return [...op.get(r), ...op.i32(i), ...op.add, ...op.get(last), ...op.gtS, ...op.ifI32, ...op.get(last), ...op.else, ...op.get(r), ...op.i32(i), ...op.add, ...op.end];
}

/** The float32 at byte address `a` in lane 0 and the one at `b` in lane 1, widened to f64 (`v`: a v128 scratch local). */
export function pairLoad(a: readonly number[], b: readonly number[], v: number): number[] {
  return [...a, ...op.v128Load32Zero(0), ...op.set(v), ...b, ...op.get(v), ...op.v128Load32Lane(0, 1), ...op.f64x2PromoteLow];
}

/** Stores the f64 lanes of local `x`, rounded to float32, lane 0 at byte address `a` and lane 1 at `b`. */
export function pairStore(x: number, a: readonly number[], b: readonly number[], v: number): number[] {
  return [...op.get(x), ...op.f32x4DemoteZero, ...op.set(v), ...a, ...op.get(v), ...op.v128Store32Lane(0, 0), ...b, ...op.get(v), ...op.v128Store32Lane(0, 1)];
}
