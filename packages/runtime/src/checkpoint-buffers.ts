/**
 * Buffers in checkpoints: a model's non-trainable state (running statistics, masks) is saved as the
 * tensor group "buffer" beside "param" and "optimizer", in the same format (version 2). A checkpoint
 * without buffers (from a model without them, or an older nnc) still loads into a model without
 * buffers; a model buffer the checkpoint lacks is refused with E0607.
 */
import type { AnyArray, CompiledModel } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";

export type TensorGroup = "param" | "optimizer" | "buffer";
export type TensorDType = "f32" | "f64" | "i32" | "bool";

/** Bytes of one element as stored: bool as one byte 0/1, i32 and f32 as four, f64 as eight. */
export function tensorElementBytes(dtype: TensorDType): number {
  return dtype === "f64" ? 8 : dtype === "bool" ? 1 : 4;
}

/** Params and optimizer state are float; a buffer may also be i32 or bool. */
export function groupAllows(group: TensorGroup, dtype: unknown): dtype is TensorDType {
  return dtype === "f32" || dtype === "f64" || (group === "buffer" && (dtype === "i32" || dtype === "bool"));
}

/** A fresh array of `length` elements of `dtype`. */
export function tensorArray(dtype: TensorDType, length: number): AnyArray {
  return dtype === "f32" ? new Float32Array(length) : dtype === "f64" ? new Float64Array(length) : dtype === "i32" ? new Int32Array(length) : new Uint8Array(length);
}

/** Element `j` of a tensor at byte `at`, little-endian. */
export function readElement(view: DataView, at: number, dtype: TensorDType, j: number): number {
  if (dtype === "f32") return view.getFloat32(at + 4 * j, true);
  if (dtype === "f64") return view.getFloat64(at + 8 * j, true);
  if (dtype === "i32") return view.getInt32(at + 4 * j, true);
  return view.getUint8(at + j);
}

export function writeElement(view: DataView, at: number, dtype: TensorDType, j: number, v: number): void {
  if (dtype === "f32") view.setFloat32(at + 4 * j, v, true);
  else if (dtype === "f64") view.setFloat64(at + 8 * j, v, true);
  else if (dtype === "i32") view.setInt32(at + 4 * j, v, true);
  else view.setUint8(at + j, v);
}

/** Why a buffer value is refused, or null: NaN never; a bool is 0 or 1 (±Infinity is allowed: additive masks use it). */
export function badBufferValue(dtype: TensorDType, v: number): string | null {
  if (Number.isNaN(v)) return "NaN";
  if (dtype === "bool" && v !== 0 && v !== 1) return `${v}; a bool buffer holds 0 or 1`;
  return null;
}

/** The stored dtype of a model buffer: its meta dtype, floats in the model's dtype. */
function storedDType(model: CompiledModel, dtype: TensorDType): TensorDType {
  return dtype === "f32" || dtype === "f64" ? model.meta.dtype : dtype;
}

/** The model's buffers as checkpoint tensors (none when it has none). */
export function bufferTensors(model: CompiledModel): { name: string; group: "buffer"; dtype: TensorDType; shape: number[]; data: AnyArray }[] {
  return (model.meta.buffers ?? []).map((b) => ({ name: b.name, group: "buffer", dtype: storedDType(model, b.dtype), shape: b.shape.map(Number), data: model.buffers![b.name]! }));
}

/**
 * The buffer mismatches between a checkpoint's tensors and a model: `missing` (model buffers the
 * checkpoint lacks: E0607), and `problems` (extra buffers, other shapes, float vs integer) for E0641.
 */
export function bufferProblems(model: CompiledModel, tensors: readonly { name: string; group: TensorGroup; dtype: TensorDType; shape: readonly number[] }[]): { missing: string[]; problems: string[] } {
  const saved = new Map(tensors.filter((t) => t.group === "buffer").map((t) => [t.name, t]));
  const own = model.meta.buffers ?? [];
  const missing: string[] = [];
  const problems: string[] = [];
  const isFloat = (d: TensorDType): boolean => d === "f32" || d === "f64";
  for (const b of own) {
    const t = saved.get(b.name);
    if (t === undefined) missing.push(b.name);
    else if (t.shape.join(",") !== b.shape.join(",")) problems.push(`buffer \`${b.name}\` has shape [${t.shape.join(", ")}] in the checkpoint, but [${b.shape.join(", ")}] in the model`);
    else if (isFloat(t.dtype) !== isFloat(b.dtype) || (!isFloat(b.dtype) && t.dtype !== b.dtype)) problems.push(`buffer \`${b.name}\` is ${t.dtype} in the checkpoint, but ${b.dtype} in the model`);
  }
  const names = new Set(own.map((b) => b.name));
  for (const name of saved.keys()) if (!names.has(name)) problems.push(`the checkpoint has buffer \`${name}\`, which the model lacks`);
  return { missing, problems };
}

/** E0607: the checkpoint lacks buffers the model has (saved before the model had them). */
export function missingBuffersError(path: string, model: string, missing: readonly string[]): DataError {
  const list = missing.map((m) => `\`${m}\``).join(", ");
  return new DataError("E0607", `the checkpoint \`${path}\` has no value for ${missing.length === 1 ? "buffer" : "buffers"} ${list} of model \`${model}\` (saved before the model had ${missing.length === 1 ? "it" : "them"}?)`, {
    file: path,
    help: "nothing was loaded; a buffer holds state learned in training (running statistics), so train again with --save to write a checkpoint that includes it",
  });
}
