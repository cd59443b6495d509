/**
 * Small graph-building helpers over GraphBuilder, used by VJP rules and by lowering so that rules stay
 * a few lines long. Each helper adds no node when the requested result is already the input.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimEquals, shapesEqual, shapeToString, type Dim, type TensorType } from "@nnc/ir";
import type { GraphBuilder } from "./builder.ts";

/** A `const` node: every element of `type` equals `value`. */
export function constant(b: GraphBuilder, value: number, type: TensorType): string {
  return b.add("const", [], { value, dtype: type.dtype, shape: type.shape });
}

/** A `const` 0 of the type of `id`. */
export function zerosLike(b: GraphBuilder, id: string): string {
  return constant(b, 0, b.type(id));
}

/** A `const` 1 of the type of `id`. */
export function onesLike(b: GraphBuilder, id: string): string {
  return constant(b, 1, b.type(id));
}

/**
 * Axes of `to` that broadcasting `from` to `to` (NumPy, right-aligned) fills: the leading axes `from`
 * lacks (`added`), and the axes where `from` has a concrete 1 and `to` has something else (`expanded`).
 * Returns undefined when `from` does not broadcast to `to`.
 */
export function broadcastAxes(from: readonly Dim[], to: readonly Dim[]): { added: number[]; expanded: number[] } | undefined {
  if (from.length > to.length) return undefined;
  const lead = to.length - from.length;
  const added = Array.from({ length: lead }, (_, i) => i);
  const expanded: number[] = [];
  for (let i = 0; i < from.length; i++) {
    const f = from[i]!;
    const t = to[lead + i]!;
    if (dimEquals(f, t)) continue;
    if (f === 1) expanded.push(lead + i);
    else return undefined;
  }
  return { added, expanded };
}

/** `id` broadcast (NumPy, right-aligned) to `shape`; `id` itself when its shape already equals it. */
export function broadcastTo(b: GraphBuilder, id: string, shape: readonly Dim[]): string {
  if (shapesEqual(b.type(id).shape, shape)) return id;
  return b.add("broadcast", [id], { shape });
}

/** `id` reshaped to `shape` (same element count); `id` itself when already of that shape. */
export function reshapeTo(b: GraphBuilder, id: string, shape: readonly Dim[]): string {
  if (shapesEqual(b.type(id).shape, shape)) return id;
  return b.add("reshape", [id], { shape });
}

/**
 * The transpose of `broadcastTo`: sums `id` over the axes that broadcasting `shape` to id's shape
 * added or expanded, then reshapes to `shape`. So sumTo(broadcastTo(x, s), shape(x)) sums each
 * element of x exactly (number of copies) times: Σ_{j ∈ copies(i)} g_j.
 */
export function sumTo(b: GraphBuilder, id: string, shape: readonly Dim[]): string {
  const from = b.type(id).shape;
  if (shapesEqual(from, shape)) return id;
  const axes = broadcastAxes(shape, from);
  if (axes === undefined) {
    throw new InternalCompilerError(`sumTo: ${shapeToString(shape)} does not broadcast to ${shapeToString(from)}`);
  }
  const all = [...axes.added, ...axes.expanded];
  const summed = all.length === 0 ? id : b.add("reduce_sum", [id], { axes: all, keepdims: false });
  return reshapeTo(b, summed, shape);
}

/** `k · id`; `id` itself when k = 1. */
export function scale(b: GraphBuilder, id: string, k: number): string {
  if (k === 1) return id;
  if (k === -1) return b.add("neg", [id]);
  return b.add("mul", [id, constant(b, k, b.type(id))]);
}
