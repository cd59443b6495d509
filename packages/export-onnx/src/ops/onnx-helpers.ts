/**
 * Small building blocks shared by the nn, conv, gather and ranges rules. Each returns an ONNX value
 * name built only through OnnxEmit.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { isConcrete, type Attrs, type Dim } from "@nnc/ir";
import type { OnnxDType, OnnxEmit } from "../contract.ts";
import { castTo } from "../dtypes.ts";

/** A dim as a rank-0 integer tensor of `dtype` (Range's operands are scalars). */
export function dimScalar(e: OnnxEmit, d: Dim, dtype: "i32" | "i64"): string {
  if (isConcrete(d)) return e.scalar(dtype, d);
  // e.dim gives int64 [1]; Reshape to the empty shape makes it rank 0.
  const s = e.op("Reshape", [e.dim(d), e.ints([])]);
  return dtype === "i64" ? s : e.op("Cast", [s], { to: castTo("i32") });
}

/** `Cast(x, to)` unless x already has that type. */
export function castValue(e: OnnxEmit, x: string, from: OnnxDType, to: OnnxDType): string {
  return from === to ? x : e.op("Cast", [x], { to: castTo(to) });
}

/** Zeros of `dtype` with the run-time shape held by the int64 tensor `shape`. */
export function zerosOfShape(e: OnnxEmit, dtype: OnnxDType, shape: string): string {
  return e.op("Expand", [e.scalar(dtype, 0), shape]);
}

/** An integer attribute (the type rule accepted it), `dflt` when absent. */
export function intAttr(attrs: Attrs, name: string, dflt: number): number {
  const v = attrs[name];
  return typeof v === "number" ? v : dflt;
}

/** `shape[axis]`, which the conv/pool type rules guarantee is a whole number (only N may be symbolic). */
export function concreteAt(shape: readonly Dim[], axis: number, what: string): number {
  const d = shape[axis];
  if (d === undefined || !isConcrete(d)) throw new InternalCompilerError(`ONNX export: ${what} axis ${axis} is not a whole number`);
  return d;
}
