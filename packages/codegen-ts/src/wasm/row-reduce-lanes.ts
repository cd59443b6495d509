/**
 * A fused group reduced over its innermost axes (layer norm's row means and variances, the row sums
 * of its backward pass and of softmax's) in WebAssembly f64x2 lanes, one row to a lane: the output
 * has one float per row, and row i's value is combine(…combine(out[i], v[i][0])…, v[i][m − 1]) in f64,
 * rounded to float32 once at the row's end — the generated loop's steps (its `_acc` carried over the
 * row, ../emit-program.ts), so a row has the same bits whichever computed it. The members are
 * evaluated as in ./fused-lanes.ts (operands widened to f64, each op's `f64x2` form).
 *
 * Four rows a step, two to a vector: rows past the end repeat the last row (its lanes compute and
 * store the same bits), and every start value is read before any row is stored.
 */
import { countedLoop, F64, I32, op, type WasmFunction } from "./encode.ts";
import { laneLocals, type FusedLaneSpec, type LaneCode } from "./fused-lanes.ts";

export function rowReduceLaneKernel(name: string, spec: FusedLaneSpec & { readonly combineRow: LaneCode }): WasmFunction {
  const { leaves, members } = spec;
  const [OUT, ROWS, M] = [leaves.length, leaves.length + 1, leaves.length + 2];
  const params = [...leaves.map((l) => (l === "scalar" ? F64 : I32)), I32, I32, I32];
  const { locals, i32, v128, ctx, prologue } = laneLocals(params.length);
  const [R, J, ROW_BYTES, LAST] = [i32(), i32(), i32(), i32()];
  const pairs = [0, 1].map(() => {
    // A, B: the two rows' indices; OA, OB: their byte offsets in an array leaf.
    const [A, B, OA, OB, V] = [i32(), i32(), i32(), i32(), v128()];
    const leafLane = leaves.map(() => v128());
    const memberLane = members.map(() => v128());
    const lane = (a: number): number => (a < leaves.length ? leafLane[a]! : memberLane[a - leaves.length]!);
    const acc = v128();
    const evaluate: number[] = [];
    members.forEach((m, j) => {
      if (m.args.some((a) => a >= leaves.length + j)) throw new Error(`wasm ${name}: member ${j} reads a later member`);
      evaluate.push(...m.code(m.args.map(lane), ctx), ...op.set(memberLane[j]!));
    });
    const result = lane(spec.result ?? leaves.length + members.length - 1);
    evaluate.push(...spec.combineRow([acc, result], ctx), ...op.set(acc));
    return { A, B, OA, OB, V, leafLane, acc, evaluate };
  });
  type Pair = (typeof pairs)[number];
  /** Two f32 at base + a and base + b (bytes), widened to the f64 lanes of a vector. */
  const two = (p: Pair, base: number[], a: number, b: number): number[] => [...base, ...op.get(a), ...op.add, ...op.v128Load32Zero(0), ...op.set(p.V), ...base, ...op.get(b), ...op.add, ...op.get(p.V), ...op.v128Load32Lane(0, 1), ...op.f64x2PromoteLow];
  /** Element offsets of rows A, B in bytes: in an array leaf (row · m + J) and in a column (row). */
  const offsets = (p: Pair): number[] => [
    ...op.get(p.A), ...op.get(ROW_BYTES), ...op.mul, ...op.set(p.OA), ...op.get(p.B), ...op.get(ROW_BYTES), ...op.mul, ...op.set(p.OB),
  ];
  const rowAt = (i: number): number[] => [...op.get(R), ...op.i32(i), ...op.add, ...op.get(LAST), ...op.gtS, ...op.ifI32, ...op.get(LAST), ...op.else, ...op.get(R), ...op.i32(i), ...op.add, ...op.end];
  const times4 = (l: number): number[] => [...op.get(l), ...op.i32(4), ...op.mul];
  /** Per-row values: scalars splatted, a column's two elements, the start value out[A], out[B]. */
  const rowStartCode = (p: Pair): number[] => [
    ...leaves.flatMap((l, k) => (l === "scalar" ? [...op.get(k), ...op.f64x2Splat, ...op.set(p.leafLane[k]!)] : l === "column" ? [...columnLoad(p, k), ...op.set(p.leafLane[k]!)] : [])),
    ...columnLoad(p, OUT), ...op.set(p.acc),
  ];
  /** The two rows' elements of column-like array `k` (one float per row). */
  function columnLoad(p: Pair, k: number): number[] {
    return [...op.get(k), ...times4(p.A), ...op.add, ...op.v128Load32Zero(0), ...op.set(p.V), ...op.get(k), ...times4(p.B), ...op.add, ...op.get(p.V), ...op.v128Load32Lane(0, 1), ...op.f64x2PromoteLow];
  }
  /** An element's array and row leaves, for both rows. */
  const loads = (p: Pair): number[] =>
    leaves.flatMap((l, k) => {
      if (l === "array") return [...two(p, [...op.get(k), ...op.get(J), ...op.add], p.OA, p.OB), ...op.set(p.leafLane[k]!)];
      if (l === "row") return [...op.get(k), ...op.get(J), ...op.add, ...op.load32Splat(0), ...op.f64x2PromoteLow, ...op.set(p.leafLane[k]!)];
      return [];
    });
  const store = (p: Pair): number[] => [
    ...op.get(p.acc), ...op.f32x4DemoteZero, ...op.set(p.V),
    ...op.get(OUT), ...times4(p.A), ...op.add, ...op.get(p.V), ...op.v128Store32Lane(0, 0),
    ...op.get(OUT), ...times4(p.B), ...op.add, ...op.get(p.V), ...op.v128Store32Lane(0, 1),
  ];
  const body = [
    ...prologue,
    ...op.get(M), ...op.i32(4), ...op.mul, ...op.set(ROW_BYTES),
    ...op.get(ROWS), ...op.i32(1), ...op.sub, ...op.set(LAST),
    ...countedLoop(R, ROWS, 4, [
      ...pairs.flatMap((p, i) => [...rowAt(2 * i), ...op.set(p.A), ...rowAt(2 * i + 1), ...op.set(p.B), ...offsets(p)]),
      ...pairs.flatMap(rowStartCode),
      ...countedLoop(J, ROW_BYTES, 4, [...pairs.flatMap(loads), ...pairs.flatMap((p) => p.evaluate)]),
      ...pairs.flatMap(store),
    ]),
  ];
  return { name, params, locals, body };
}
