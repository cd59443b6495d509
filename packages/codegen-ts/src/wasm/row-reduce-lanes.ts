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
import { laneLocals, memberCode, type FusedLaneSpec, type LaneCode } from "./fused-lanes.ts";
import { clampedRow, pairLoad, pairStore } from "./row-pairs.ts";

export function rowReduceLaneKernel(name: string, spec: FusedLaneSpec & { readonly combineRow: LaneCode }): WasmFunction {
  const { leaves } = spec;
  if (spec.narrow?.some((n) => n) === true) throw new Error(`wasm ${name}: a row reduction reads float32 leaves only`);
  const [OUT, ROWS, M] = [leaves.length, leaves.length + 1, leaves.length + 2];
  const params = [...leaves.map((l) => (l === "scalar" ? F64 : I32)), I32, I32, I32];
  const { locals, i32, v128, ctx, prologue } = laneLocals(params.length);
  const [R, J, ROW_BYTES, LAST] = [i32(), i32(), i32(), i32()];
  const pairs = [0, 1].map(() => {
    // A, B: the two rows' indices; OA, OB: their byte offsets in an array leaf; V: a load's scratch.
    const [A, B, OA, OB, V] = [i32(), i32(), i32(), i32(), v128()];
    const { leafLane, members: evaluate, result } = memberCode(name, spec, v128, ctx);
    const acc = v128();
    return { A, B, OA, OB, V, leafLane, acc, evaluate: [...evaluate, ...spec.combineRow([acc, result], ctx), ...op.set(acc)] };
  });
  type Pair = (typeof pairs)[number];
  /** The addresses of rows A's and B's floats in a column-like array `base` (one float per row). */
  const perRow = (p: Pair, base: number): [number[], number[]] => [[...op.get(base), ...op.get(p.A), ...op.i32(4), ...op.mul, ...op.add], [...op.get(base), ...op.get(p.B), ...op.i32(4), ...op.mul, ...op.add]];
  /** Per-row values: scalars splatted, a column's two elements, the start values out[A], out[B]. */
  const rowValues = (p: Pair): number[] => [
    ...leaves.flatMap((l, k) => (l === "scalar" ? [...op.get(k), ...op.f64x2Splat, ...op.set(p.leafLane[k]!)] : l === "column" ? [...pairLoad(...perRow(p, k), p.V), ...op.set(p.leafLane[k]!)] : [])),
    ...pairLoad(...perRow(p, OUT), p.V), ...op.set(p.acc),
  ];
  /** An element's array leaves (byte J of rows A and B) and row leaves (byte J, both lanes). */
  const loads = (p: Pair): number[] =>
    leaves.flatMap((l, k) => {
      const j = [...op.get(k), ...op.get(J), ...op.add];
      if (l === "array") return [...pairLoad([...j, ...op.get(p.OA), ...op.add], [...j, ...op.get(p.OB), ...op.add], p.V), ...op.set(p.leafLane[k]!)];
      if (l === "row") return [...j, ...op.load32Splat(0), ...op.f64x2PromoteLow, ...op.set(p.leafLane[k]!)];
      return [];
    });
  /** Pair i's rows (R + 2i and R + 2i + 1, or the last row) and their byte offsets in an array leaf. */
  const pickRows = (p: Pair, i: number): number[] => [...clampedRow(R, LAST, 2 * i), ...op.set(p.A), ...clampedRow(R, LAST, 2 * i + 1), ...op.set(p.B), ...op.get(p.A), ...op.get(ROW_BYTES), ...op.mul, ...op.set(p.OA), ...op.get(p.B), ...op.get(ROW_BYTES), ...op.mul, ...op.set(p.OB)];
  const body = [
    ...prologue,
    ...op.get(M), ...op.i32(4), ...op.mul, ...op.set(ROW_BYTES),
    ...op.get(ROWS), ...op.i32(1), ...op.sub, ...op.set(LAST),
    ...countedLoop(R, ROWS, 4, [
      ...pairs.flatMap(pickRows),
      ...pairs.flatMap(rowValues),
      ...countedLoop(J, ROW_BYTES, 4, [...pairs.flatMap(loads), ...pairs.flatMap((p) => p.evaluate)]),
      ...pairs.flatMap((p) => pairStore(p.acc, ...perRow(p, OUT), p.V)),
    ]),
  ];
  return { name, params, locals, body };
}
