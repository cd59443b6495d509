/**
 * Type rules of the nn records: softmax, log_softmax, cross_entropy, bce_with_logits, one_hot.
 * Codes: E0201 non-float or mixed dtypes, E0202 labels that are not i32, E0301 shapes, E0303 axis.
 */
import { DTYPES, isConcrete, shapeToString, tensorType, typeToString, type Attrs, type Dim, type DType, type TensorType } from "@nnc/ir";
import type { TypeRuleError, TypeRuleResult } from "../op-def.ts";
import { floatOperands, isRuleError, sameShape } from "./conv-geometry.ts";

/** The `axis` attribute of softmax/log_softmax: in [0, rank) (default: the last axis). */
export function normAxis(op: string, x: TensorType, attrs: Attrs): number | TypeRuleError {
  const rank = x.shape.length;
  const v = attrs.axis ?? rank - 1;
  if (rank === 0) return { error: `${op} needs an operand of rank ≥ 1, got the scalar ${typeToString(x)}`, code: "E0303" };
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= rank) {
    const shown = typeof v === "object" ? JSON.stringify(v) : String(v);
    return { error: `${op}: axis ${shown} is out of range for ${typeToString(x)} (rank ${rank})`, code: "E0303", help: `axes run from 0 to ${rank - 1} (or -${rank} to -1)` };
  }
  return v;
}

/** softmax / log_softmax (x) → x.type. */
export function normalizerType(op: string): (inputs: readonly TensorType[], attrs: Attrs) => TypeRuleResult {
  return (inputs, attrs) => {
    const [x] = inputs as [TensorType];
    const err = floatOperands(op, x);
    if (err !== undefined) return err;
    const axis = normAxis(op, x, attrs);
    return isRuleError(axis) ? axis : x;
  };
}

function labelsI32(op: string, labels: TensorType): TypeRuleError | undefined {
  if (labels.dtype === "i32") return undefined;
  return {
    error: `${op}: labels must be i32 class indices, got ${typeToString(labels)}`,
    code: "E0202",
    help: `declare the labels as integers, e.g. \`input label: i32${shapeToString(labels.shape)}\``,
  };
}

/** cross_entropy(logits: [..., C], labels: i32[...]) → logits.dtype[...]. */
export function crossEntropyType(inputs: readonly TensorType[]): TypeRuleResult {
  const op = "cross_entropy";
  const [logits, labels] = inputs as [TensorType, TensorType];
  const err = floatOperands(op, logits) ?? labelsI32(op, labels);
  if (err !== undefined) return err;
  if (logits.shape.length === 0) {
    return { error: `${op}: logits need a class axis (shape [..., C]), got the scalar ${typeToString(logits)}`, code: "E0301" };
  }
  const lead = logits.shape.slice(0, -1);
  if (sameShape(op, "", labels.shape, lead) !== undefined) {
    return {
      error: `${op}: labels ${typeToString(labels)} do not match logits ${typeToString(logits)}: labels need shape ${shapeToString(lead)} (the logits' shape without the class axis)`,
      code: "E0301",
    };
  }
  return tensorType(logits.dtype, labels.shape);
}

/** bce_with_logits(logits, targets) → logits.type; equal shapes and float dtypes. */
export function bceType(inputs: readonly TensorType[]): TypeRuleResult {
  const op = "bce_with_logits";
  const [logits, targets] = inputs as [TensorType, TensorType];
  const err = floatOperands(op, logits, targets);
  if (err !== undefined) return err;
  const bad = sameShape(op, "logits and targets must have equal shapes", logits.shape, targets.shape);
  return bad ?? logits;
}

function isDType(v: unknown): v is DType {
  return typeof v === "string" && (DTYPES as readonly string[]).includes(v);
}

/** one_hot(labels: i32[...]) → dtype[..., classes]; `classes` a positive whole number or a symbolic dim. */
export function oneHotType(inputs: readonly TensorType[], attrs: Attrs): TypeRuleResult {
  const op = "one_hot";
  const [labels] = inputs as [TensorType];
  const err = labelsI32(op, labels);
  if (err !== undefined) return err;
  const classes = attrs.classes;
  const dtype = attrs.dtype ?? "f32";
  if (classes === undefined || Array.isArray(classes) || typeof classes === "string" || typeof classes === "boolean") {
    return { error: `${op}: attribute 'classes' must be a dim`, code: "E0900" };
  }
  const c = classes as Dim;
  if (isConcrete(c) && (!Number.isInteger(c) || c < 1)) return { error: `${op}: classes must be a whole number ≥ 1, got ${c}`, code: "E0900" };
  if (!isDType(dtype)) return { error: `${op}: attribute 'dtype' must be one of ${DTYPES.join(", ")}`, code: "E0900" };
  return tensorType(dtype, [...labels.shape, c]);
}
