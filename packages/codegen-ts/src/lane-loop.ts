/**
 * The loop of a float32 map op that runs alone (no fused members) over contiguous operands, where its
 * kernel record names a lane form (kernel-types.ts MapKernel.lanes): the WebAssembly lanes
 * (./wasm/map-lanes.ts) do the first n − n % 4 elements, this loop the rest with the same expression as
 * the generic loop — float64 arithmetic rounded once to float32 in both, so every element has the bits
 * the generic loop would give it (a NaN's payload aside).
 */
import { dimEquals, type Dim } from "@nnc/ir";
import type { HelperName } from "./helpers/table.ts";
import { contiguousStrides } from "./dims.ts";
import type { ArrayAccess } from "./kernel-types.ts";
import { LANE_OPS, type LaneOp } from "./wasm/map-lanes.ts";

/**
 * An operand of the lane loop: an array read at the output's index, a scalar expression, a row read at
 * the output's index within a row, or a column holding one element per row.
 */
export type LaneOperand = { readonly array: string } | { readonly scalar: string } | { readonly row: string } | { readonly column: string };

/** Whether `a` reads each element at the index `out` writes it (offset 0, the same strides). */
export function sameAccess(a: ArrayAccess, out: ArrayAccess): boolean {
  return dimEquals(a.offset, 0) && a.strides.length === out.strides.length && a.strides.every((s, k) => dimEquals(s, out.strides[k]!));
}

/**
 * Where `a`, read over `shape`, is a row — stride 0 on the leading axes, the trailing axes from some k ≥ 1
 * walked contiguously (a bias; a position table over the batch) — that k; null otherwise.
 */
export function rowStart(a: ArrayAccess, shape: readonly Dim[]): number | null {
  const k = a.strides.findIndex((s) => !dimEquals(s, 0));
  if (k < 1 || !dimEquals(a.offset, 0)) return null;
  const tail = contiguousStrides(shape.slice(k));
  return a.strides.slice(k).every((s, i) => dimEquals(s, tail[i]!)) ? k : null;
}

/**
 * Where `a`, read over `shape`, is a column of a split into rows × m at axis `to` (stride 0 from `to`
 * on, at least one such axis): one element per row, walked contiguously over the axes from `from` to
 * `to` − 1 and repeated over the axes before `from` (stride 0 there: a per-channel bias [1, C, 1, 1]
 * over a batch of images is from 1 to 2) — those axes; null otherwise.
 */
export function columnAxes(a: ArrayAccess, shape: readonly Dim[]): { readonly from: number; readonly to: number } | null {
  if (!dimEquals(a.offset, 0)) return null;
  const moves = a.strides.map((s) => !dimEquals(s, 0));
  const [from, to] = [moves.indexOf(true), moves.lastIndexOf(true) + 1];
  if (from < 0 || to >= shape.length) return null;
  const walk = contiguousStrides(shape.slice(from, to));
  return a.strides.slice(from, to).every((s, i) => dimEquals(s, walk[i]!)) ? { from, to } : null;
}

/** Whether `a`, read over `shape` (rank ≥ 2), is a column: one element per row, stride 0 along the last axis, the others contiguous. */
export function isColumn(a: ArrayAccess, shape: readonly Dim[]): boolean {
  const column = columnAxes(a, shape);
  return column !== null && column.from === 0 && column.to === shape.length - 1;
}

/** The output's element count, and its rows and row length (m a number that is a multiple of 4, else null: no row form). */
export interface LaneShape {
  readonly n: string;
  readonly rows: string;
  readonly m: number | null;
}

const FLAT = { VV: "mapLanesVV", VS: "mapLanesVS", SV: "mapLanesSV" } as const;
const ROW = { VR: "mapLanesVR", RV: "mapLanesRV", VC: "mapLanesVC", CV: "mapLanesCV" } as const;

const kind = (o: LaneOperand): "V" | "S" | "R" | "C" => ("array" in o ? "V" : "scalar" in o ? "S" : "row" in o ? "R" : "C");
const code = (o: LaneOperand): string => ("array" in o ? o.array : "scalar" in o ? o.scalar : "row" in o ? o.row : o.column);

/**
 * Flat forms: `for (let _i = <helper>(k, a, b, out, n); _i < n; _i++) out[_i] = expr(a, b)`, the helper
 * returning how many leading elements it wrote. Row and column forms: `if (!<helper>(k, a, r, out, rows,
 * m))` before the `generic` loop. Null for operand forms without a kernel (two scalars, rows or columns,
 * one of those with a scalar, rows whose length is not a known multiple of 4).
 */
export function laneLoop(lanes: LaneOp, operands: readonly [LaneOperand, LaneOperand], out: string, shape: LaneShape, expr: (args: readonly string[]) => string, helper: (h: HelperName) => string, generic: () => string[]): string[] | null {
  const [a, b] = operands;
  const form = `${kind(a)}${kind(b)}`;
  const k = LANE_OPS.indexOf(lanes);
  if (form === "VV" || form === "VS" || form === "SV") {
    const element = (o: LaneOperand): string => ("array" in o ? `${o.array}[_i]` : code(o));
    const start = `${helper(FLAT[form])}(${k}, ${code(a)}, ${code(b)}, ${out}, ${shape.n})`;
    return [`for (let _i = ${start}; _i < ${shape.n}; _i++) {`, `  ${out}[_i] = ${expr([element(a), element(b)])};`, `}`];
  }
  if ((form === "VR" || form === "RV" || form === "VC" || form === "CV") && shape.m !== null) {
    return [`if (!${helper(ROW[form])}(${k}, ${code(a)}, ${code(b)}, ${out}, ${shape.rows}, ${shape.m})) {`, ...generic().map((l) => `  ${l}`), `}`];
  }
  return null;
}
