/**
 * What the pass tests compare: a graph before and after a rewrite, run by the reference interpreter in
 * float64 on the same feeds, must give every output the same shape and values (within 1e-12 relative;
 * NaN and infinities must match exactly).
 */
import { expect } from "vitest";
import type { Graph } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import { tensor, type Tensor } from "@nnc/ops";

/** A tensor of `shape` with values uniform in [−1, 1) drawn from `next` (a seeded PRNG). */
export function uniformTensor(shape: readonly number[], next: () => number): Tensor {
  return tensor([...shape], Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => next() * 2 - 1));
}

/** Each output of `after` equals that of `before`, element by element, on `feeds`. */
export function expectSameOutputs(before: Graph, after: Graph, feeds: Readonly<Record<string, Tensor>>): void {
  expect(after.outputs).toEqual(before.outputs);
  const a = interpret(before, feeds);
  const b = interpret(after, feeds);
  for (const o of before.outputs) {
    const x = a.get(o.id)!;
    const y = b.get(o.id)!;
    expect(y.shape, o.name).toEqual(x.shape);
    x.data.forEach((v, i) => {
      const w = y.data[i]!;
      if (!(Object.is(v, w) || Math.abs(v - w) <= 1e-12 * (1 + Math.abs(v)))) throw new Error(`${o.name}[${i}]: ${v} before, ${w} after`);
    });
  }
}
