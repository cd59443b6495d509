import { dimEquals, dimToString, type Dim } from "./dim.ts";

export type DType = "f32" | "f64" | "i32" | "bool";
export const DTYPES: readonly DType[] = ["f32", "f64", "i32", "bool"];

export function isFloat(d: DType): boolean {
  return d === "f32" || d === "f64";
}

/** A tensor type; rank 0 (empty shape) is a scalar. */
export interface TensorType {
  readonly dtype: DType;
  readonly shape: readonly Dim[];
}

export function tensorType(dtype: DType, shape: readonly Dim[]): TensorType {
  return { dtype, shape };
}

export function shapeToString(shape: readonly Dim[]): string {
  return `[${shape.map(dimToString).join(", ")}]`;
}

/** `f32[B, 784]`; a scalar prints as `f32[]`. */
export function typeToString(t: TensorType): string {
  return `${t.dtype}${shapeToString(t.shape)}`;
}

export function shapesEqual(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => dimEquals(d, b[i]!));
}

export function typesEqual(a: TensorType, b: TensorType): boolean {
  return a.dtype === b.dtype && shapesEqual(a.shape, b.shape);
}
