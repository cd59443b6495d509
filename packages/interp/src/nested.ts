/** Conversion between tensors and nested JS arrays (JSON feeds, CLI output). */
import { tensor, type Tensor } from "@nnc/ops";
import { FeedError } from "./feed-error.ts";

export type Nested = number | Nested[];

/** A scalar becomes a number; rank r becomes arrays nested r deep, row-major. */
export function toNested(t: Tensor): Nested {
  const build = (axis: number, offset: number): Nested => {
    if (axis === t.shape.length) return t.data[offset]!;
    const inner = t.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[axis]! }, (_, i) => build(axis + 1, offset + i * inner));
  };
  return build(0, 0);
}

const fmtShape = (s: readonly number[]): string => `[${s.join(", ")}]`;

/**
 * Parses nested arrays of numbers (booleans count as 1/0) into a tensor. The shape is read from the
 * first element at each depth; any other element of a different length or depth is ragged.
 * Throws FeedError (named `entry`) on ragged or non-numeric data or a shape other than `expectedShape`.
 */
export function fromNested(value: unknown, expectedShape?: readonly number[], entry = "value"): Tensor {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = (v as unknown[])[0]) shape.push((v as unknown[]).length);
  const data: number[] = [];
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v === "boolean") data.push(v ? 1 : 0);
      else if (typeof v === "number" && Number.isFinite(v)) data.push(v);
      else if (Array.isArray(v)) throw new FeedError("ragged", entry, `${entry}${path}: ragged array: expected a number at depth ${depth}, got a list`, fmtShape(shape));
      else throw new FeedError("non-numeric", entry, `${entry}${path}: expected a finite number, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      const got = Array.isArray(v) ? `${v.length} elements` : "a number";
      throw new FeedError("ragged", entry, `${entry}${path}: ragged array: expected ${shape[depth]} elements at depth ${depth}, got ${got}`, fmtShape(shape));
    }
    v.forEach((x: unknown, i) => { walk(x, depth + 1, `${path}[${i}]`); });
  };
  walk(value, 0, "");
  if (expectedShape !== undefined && fmtShape(expectedShape) !== fmtShape(shape)) {
    throw new FeedError("shape", entry, `${entry}: expected shape ${fmtShape(expectedShape)}, got ${fmtShape(shape)}`, fmtShape(expectedShape), fmtShape(shape));
  }
  return tensor(shape, data);
}
