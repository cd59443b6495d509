/**
 * Helpers shared by the op records' type rules: typed attribute access and the common checks
 * (float operands, equal types, NumPy broadcasting), each producing a precise TypeRuleError.
 * A missing or ill-kinded attribute is a compiler bug (lowering builds attributes), so it throws.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { DTYPES, dimEquals, dimToString, isFloat, shapesEqual, typeToString, type Attrs, type Dim, type DType, type TensorType } from "@nnc/ir";
import type { TypeRuleError } from "./op-def.ts";

function isDim(v: unknown): v is Dim {
  return typeof v === "number" || (typeof v === "object" && v !== null && "terms" in v);
}

function missing(name: string, kind: string): never {
  throw new InternalCompilerError(`attribute '${name}' missing or not ${kind}`);
}

export function attrNumber(attrs: Attrs, name: string, dflt?: number): number {
  const v = attrs[name];
  if (v === undefined && dflt !== undefined) return dflt;
  return typeof v === "number" ? v : missing(name, "a number");
}

export function attrBool(attrs: Attrs, name: string, dflt = false): boolean {
  const v = attrs[name];
  if (v === undefined) return dflt;
  return typeof v === "boolean" ? v : missing(name, "a boolean");
}

export function attrString(attrs: Attrs, name: string): string {
  const v = attrs[name];
  return typeof v === "string" ? v : missing(name, "a string");
}

export function attrDType(attrs: Attrs, name = "dtype"): DType {
  const v = attrs[name];
  const d = DTYPES.find((t) => t === v);
  return d ?? missing(name, "a dtype");
}

export function attrDim(attrs: Attrs, name: string): Dim {
  const v = attrs[name];
  return isDim(v) ? v : missing(name, "a dim");
}

/** A list of dims (shapes); also used for integer lists (axes, perm). */
export function attrDims(attrs: Attrs, name: string): readonly Dim[] {
  const v = attrs[name];
  return Array.isArray(v) && v.every(isDim) ? v : missing(name, "a list of dims");
}

/** A list of plain integers (axes, perm). */
export function attrInts(attrs: Attrs, name: string): readonly number[] {
  const v = attrDims(attrs, name);
  return v.every((d): d is number => typeof d === "number" && Number.isInteger(d)) ? v : missing(name, "a list of integers");
}

export const fmt = typeToString;

/** E0201 unless `t` has a float dtype. */
export function requireFloat(op: string, t: TensorType): TypeRuleError | undefined {
  if (isFloat(t.dtype)) return undefined;
  return { error: `${op} expects a floating-point tensor, got ${fmt(t)}`, code: "E0201", help: `convert it first, e.g. with a cast to f32` };
}

/** E0201 unless `t` is numeric (not bool). */
export function requireNumeric(op: string, t: TensorType): TypeRuleError | undefined {
  if (t.dtype !== "bool") return undefined;
  return { error: `${op} expects a numeric tensor, got ${fmt(t)}`, code: "E0201" };
}

/** E0201 when the dtypes differ, E0301 when the shapes differ (elementwise ops take equal shapes). */
export function requireSameType(op: string, a: TensorType, b: TensorType): TypeRuleError | undefined {
  if (a.dtype !== b.dtype) {
    return { error: `${op}: dtypes differ: ${fmt(a)} and ${fmt(b)}`, code: "E0201", help: "convert one operand so both have the same element type" };
  }
  if (!shapesEqual(a.shape, b.shape)) {
    return { error: `${op}: shapes differ: ${fmt(a)} and ${fmt(b)}`, code: "E0301", help: "elementwise operands must have equal shapes; insert a broadcast" };
  }
  return undefined;
}

/**
 * NumPy broadcasting of two shapes (right-aligned; a concrete 1 stretches; a symbolic dim equals only
 * the same symbolic dim). Returns the result shape or an E0301 error naming both types and the
 * first (rightmost) pair of dims that differ.
 */
export function broadcastShapes(a: TensorType, b: TensorType): readonly Dim[] | TypeRuleError {
  const n = Math.max(a.shape.length, b.shape.length);
  const out: Dim[] = new Array<Dim>(n);
  for (let i = 1; i <= n; i++) {
    const x = a.shape[a.shape.length - i] ?? 1;
    const y = b.shape[b.shape.length - i] ?? 1;
    if (dimEquals(x, y) || y === 1) out[n - i] = x;
    else if (x === 1) out[n - i] = y;
    else {
      return {
        error: `cannot broadcast ${fmt(a)} and ${fmt(b)}: ${dimToString(x)} and ${dimToString(y)} differ (shapes align from the right)`,
        code: "E0301",
      };
    }
  }
  return out;
}

/** E0303 unless every axis is in [0, rank) and none repeats. */
export function checkAxes(op: string, t: TensorType, axes: readonly number[]): TypeRuleError | undefined {
  const seen = new Set<number>();
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= t.shape.length) {
      return { error: `${op}: axis ${a} is out of range for ${fmt(t)} (rank ${t.shape.length})`, code: "E0303", help: t.shape.length === 0 ? "a scalar has no axes" : `valid axes are 0 to ${t.shape.length - 1} (or -1 for the last)` };
    }
    if (seen.has(a)) return { error: `${op}: axis ${a} is repeated`, code: "E0303" };
    seen.add(a);
  }
  return undefined;
}

/**
 * `.nn` text transposing the matrix axes of `text` (a rank-`rank` operand): `transpose(k)` at rank 2,
 * `transpose(k, perm = [0, 2, 1])` at rank 3 — `transpose` without `perm` reverses every axis, which is
 * only the matrix transpose at rank 2.
 */
export function swapLastTwo(text: string, rank: number): string {
  if (rank <= 2) return `transpose(${text})`;
  const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
  return `transpose(${text}, perm = [${perm.join(", ")}])`;
}
