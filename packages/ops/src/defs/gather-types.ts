/**
 * Type rules and float64 reference kernels of the lookup records `take` and `scatter_add`.
 * Codes: E0345 ids that are not i32, E0346 a table that is not float or has no axis, E0201 a
 * non-float update, E0301 an update whose leading dims are not the ids' shape, E0900 a bad `rows`.
 * An id outside [0, V) is a run-time error (never clamped): the kernels throw a RangeError (as the
 * generated kernels do, same message) before touching memory.
 */
import { dimEquals, isConcrete, isFloat, shapeToString, tensorType, typeToString, type Attrs, type Dim, type TensorType } from "@nnc/ir";
import type { TypeRuleError, TypeRuleResult } from "../op-def.ts";
import { sizeOf, tensor, type Tensor } from "../tensor.ts";

function idsI32(op: string, ids: TensorType): TypeRuleError | undefined {
  if (ids.dtype === "i32") return undefined;
  return {
    error: `${op}: ids must be i32 row indices, got ${typeToString(ids)}`,
    code: "E0345",
    help: `declare the ids as integers, e.g. \`ids: i32${shapeToString(ids.shape)}\``,
  };
}

/** take(table: f[V, ...D], ids: i32[...I]) → f[...I, ...D]. */
export function takeType(inputs: readonly TensorType[]): TypeRuleResult {
  const [table, ids] = inputs as [TensorType, TensorType];
  if (!isFloat(table.dtype) || table.shape.length === 0) {
    const why = isFloat(table.dtype) ? "has no axis to pick rows from" : "is not floating-point";
    return {
      error: `take: the table ${typeToString(table)} ${why}; the table must be a float tensor of rank ≥ 1`,
      code: "E0346",
      help: "the table comes first and the i32 ids second: `take(E, ids)`",
    };
  }
  return idsI32("take", ids) ?? tensorType(table.dtype, [...ids.shape, ...table.shape.slice(1)]);
}

/** The `rows` attribute of scatter_add: a dim, a whole number ≥ 1 when concrete. */
function rowsAttr(attrs: Attrs): Dim | TypeRuleError {
  const v = attrs.rows;
  if (v === undefined || Array.isArray(v) || typeof v === "string" || typeof v === "boolean") {
    return { error: "scatter_add: attribute 'rows' must be a dim", code: "E0900" };
  }
  const rows = v as Dim;
  if (isConcrete(rows) && (!Number.isInteger(rows) || rows < 1)) return { error: `scatter_add: rows must be a whole number ≥ 1, got ${rows}`, code: "E0900" };
  return rows;
}

/** scatter_add(ids: i32[...I], upd: f[...I, ...D]) {rows = V} → f[V, ...D]. */
export function scatterAddType(inputs: readonly TensorType[], attrs: Attrs): TypeRuleResult {
  const [ids, upd] = inputs as [TensorType, TensorType];
  const bad = idsI32("scatter_add", ids);
  if (bad !== undefined) return bad;
  if (!isFloat(upd.dtype)) return { error: `scatter_add: the updates must be floating-point, got ${typeToString(upd)}`, code: "E0201" };
  const lead = upd.shape.slice(0, ids.shape.length);
  if (lead.length !== ids.shape.length || !lead.every((d, i) => dimEquals(d, ids.shape[i]!))) {
    return {
      error: `scatter_add: updates ${typeToString(upd)} must start with the ids' shape ${shapeToString(ids.shape)} (one row per id)`,
      code: "E0301",
    };
  }
  const rows = rowsAttr(attrs);
  if (typeof rows === "object" && "error" in rows) return rows;
  return tensorType(upd.dtype, [rows, ...upd.shape.slice(ids.shape.length)]);
}

/** The id at flat position p, checked to be a whole number in [0, rows). */
export function rowIndex(op: string, id: number, rows: number): number {
  if (!Number.isInteger(id) || id < 0 || id >= rows) {
    throw new RangeError(`${op}: id ${id} is out of range: ids must be whole numbers in [0, ${rows}) for a table of ${rows} rows`);
  }
  return id;
}

/** out[p, j] = table[ids[p], j], with j running over one row of D elements. */
export function takeEval(table: Tensor, ids: Tensor): Tensor {
  const rows = table.shape[0]!;
  const width = sizeOf(table.shape.slice(1));
  const out = tensor([...ids.shape, ...table.shape.slice(1)]);
  for (let p = 0; p < ids.data.length; p++) {
    const v = rowIndex("take", ids.data[p]!, rows);
    out.data.set(table.data.subarray(v * width, (v + 1) * width), p * width);
  }
  return out;
}

/** out[v, j] = Σ_{p : ids[p] = v} upd[p, j]; rows no id points at stay 0. */
export function scatterAddEval(ids: Tensor, upd: Tensor, outShape: readonly number[]): Tensor {
  const rows = outShape[0]!;
  const width = sizeOf(outShape.slice(1));
  const out = tensor(outShape);
  for (let p = 0; p < ids.data.length; p++) {
    const v = rowIndex("scatter_add", ids.data[p]!, rows);
    for (let j = 0; j < width; j++) out.data[v * width + j] = out.data[v * width + j]! + upd.data[p * width + j]!;
  }
  return out;
}
