/**
 * Shared type-rule pieces of the conv and pool records (NCHW): attribute readers, the concreteness
 * rule for C/H/W, and the output-size formula OH = ⌊(H + 2·pad − KH)/stride⌋ + 1 with its error.
 * Every function returns either its value or a TypeRuleError ready to hand back from a type rule.
 */
import { dimEquals, dimToString, isConcrete, isFloat, shapeToString, typeToString, type Attrs, type Dim, type TensorType } from "@nnc/ir";
import type { TypeRuleError } from "../op-def.ts";

export function isRuleError(v: unknown): v is TypeRuleError {
  return typeof v === "object" && v !== null && "error" in v;
}

/** An integer attribute ≥ `min`; `dflt` when absent (undefined: required). */
export function intAttr(op: string, attrs: Attrs, name: string, min: number, dflt?: number): number | TypeRuleError {
  const v = attrs[name] ?? dflt;
  if (v === undefined) return { error: `${op}: missing attribute '${name}'`, code: "E0900" };
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    const shown = typeof v === "object" ? JSON.stringify(v) : String(v);
    return { error: `${op}: ${name} must be an integer ≥ ${min}, got ${shown}`, code: "E0307" };
  }
  return v;
}

/** A shape attribute (`inputShape`, `kernelShape`) of the given rank. */
export function shapeAttr(op: string, attrs: Attrs, name: string, rank: number): readonly Dim[] | TypeRuleError {
  const v = attrs[name];
  if (!Array.isArray(v) || v.length !== rank) {
    return { error: `${op}: attribute '${name}' must be a shape of rank ${rank}`, code: "E0900" };
  }
  return v as readonly Dim[];
}

/** Floats only, and both operands of one dtype (E0201). */
export function floatOperands(op: string, ...ts: readonly TensorType[]): TypeRuleError | undefined {
  for (const t of ts) {
    if (!isFloat(t.dtype)) return { error: `${op} needs floating-point operands, got ${typeToString(t)}`, code: "E0201" };
  }
  const first = ts[0];
  const other = ts.find((t) => t.dtype !== first?.dtype);
  if (first !== undefined && other !== undefined) {
    return { error: `${op}: operand dtypes differ: ${typeToString(first)} and ${typeToString(other)}`, code: "E0201", help: "cast one operand so that both have the same dtype" };
  }
  return undefined;
}

/** The operand is rank 4 (NCHW or OIHW). */
export function rank4(op: string, what: string, layout: string, t: TensorType): TypeRuleError | undefined {
  if (t.shape.length === 4) return undefined;
  const error = `${op}: ${what} must have rank 4 (${layout}), got ${typeToString(t)}`;
  return what === "input" ? { error, code: "E0301", help: "reshape it first, e.g. `reshape(x, [-1, 1, 28, 28])`" } : { error, code: "E0301" };
}

/**
 * The dims at `axes` of `shape` must be whole numbers: only the batch dim may be symbolic, because
 * the window arithmetic (and the kernels) need the spatial sizes and channel counts at compile time.
 */
export function concreteDims(op: string, what: string, shape: readonly Dim[], axes: readonly number[], names: readonly string[]): number[] | TypeRuleError {
  const out: number[] = [];
  for (const a of axes) {
    const d = shape[a]!;
    if (!isConcrete(d)) {
      return { error: `${op}: ${what} ${shapeToString(shape)} has a symbolic ${names[a] ?? "?"} dim '${dimToString(d)}'; only the batch dim may be symbolic`, code: "E0308" };
    }
    out.push(d);
  }
  return out;
}

/** ⌊(size + 2·pad − window)/stride⌋ + 1, or E0307 stating every term when it is ≤ 0. */
export function windowOut(op: string, axis: "height" | "width", size: number, window: number, stride: number, pad: number, kernelWord: string): number | TypeRuleError {
  const out = Math.floor((size + 2 * pad - window) / stride) + 1;
  if (out > 0) return out;
  const [s, k] = axis === "height" ? ["H", "KH"] : ["W", "KW"];
  const padTerm = pad === 0 ? "" : ` + 2·${pad}`;
  const padText = kernelWord === "size" ? "" : `, pad = ${pad}`;
  const kText = kernelWord === "size" ? `size = ${window}` : `${k} = ${window}`;
  return {
    error: `${op}: output ${axis} would be ${out}: ${s} = ${size}, ${kText}, stride = ${stride}${padText} give ⌊(${size}${padTerm} − ${window})/${stride}⌋ + 1 = ${out}`,
    code: "E0307",
    help: kernelWord === "size" ? "use a smaller window, or pool a larger input" : "use a smaller kernel or more padding, or convolve a larger input",
  };
}

/** E0301 unless `a` and `b` agree at every axis; `what` names the two sides. */
export function sameShape(op: string, what: string, a: readonly Dim[], b: readonly Dim[]): TypeRuleError | undefined {
  if (a.length === b.length && a.every((d, i) => dimEquals(d, b[i]!))) return undefined;
  return { error: `${op}: ${what}: ${shapeToString(a)} vs ${shapeToString(b)}`, code: "E0301" };
}

/** Conv window attributes: stride ≥ 1 (default 1) and pad ≥ 0 (default 0). */
export function convAttrs(op: string, attrs: Attrs): { stride: number; pad: number } | TypeRuleError {
  const stride = intAttr(op, attrs, "stride", 1, 1);
  if (isRuleError(stride)) return stride;
  const pad = intAttr(op, attrs, "pad", 0, 0);
  if (isRuleError(pad)) return pad;
  return { stride, pad };
}

/** Pool window attributes: size ≥ 1 (required), stride ≥ 1 (default size). */
export function poolAttrs(op: string, attrs: Attrs): { size: number; stride: number } | TypeRuleError {
  const size = intAttr(op, attrs, "size", 1);
  if (isRuleError(size)) return size;
  const stride = intAttr(op, attrs, "stride", 1, size);
  if (isRuleError(stride)) return stride;
  return { size, stride };
}
