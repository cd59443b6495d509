/**
 * Reductions over `axes` (non-negative, distinct; absent = all axes) with `keepdims`. The VJPs
 * "expand" the cotangent back: reshape to the kept-dims shape, then broadcast to x's shape.
 */
import { dimProduct, isFloat, tensorType, type Attrs, type Dim, type TensorType } from "@nnc/ir";
import { broadcastTo, reshapeTo, scale } from "../build-helpers.ts";
import { mathDoc } from "../doc-helpers.ts";
import { broadcastEval, map2, reduceEval, withShape } from "../eval-helpers.ts";
import type { EvalContext, OpDef, OpSample, VjpContext, VjpDoc } from "../op-def.ts";
import { attrBool, attrInts, checkAxes, requireFloat, requireNumeric } from "../rule-helpers.ts";
import type { Tensor } from "../tensor.ts";

export function reduceAxes(attrs: Attrs, rank: number): readonly number[] {
  return attrs.axes === undefined ? Array.from({ length: rank }, (_, i) => i) : attrInts(attrs, "axes");
}

/** x's shape with the reduced axes set to 1. */
function keptShape(shape: readonly Dim[], axes: readonly number[]): Dim[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reducedShape(shape: readonly Dim[], axes: readonly number[], keepdims: boolean): Dim[] {
  return keepdims ? keptShape(shape, axes) : shape.filter((_, i) => !axes.includes(i));
}

const f64 = (shape: number[]): TensorType => tensorType("f64", shape);

const SAMPLES: readonly OpSample[] = [
  { label: "(3,4) axis 1", inputs: [f64([3, 4])], attrs: { axes: [1], keepdims: false } },
  { label: "(2,3,4) axes [0,2] keepdims", inputs: [f64([2, 3, 4])], attrs: { axes: [0, 2], keepdims: true } },
  { label: "(3,4) all", inputs: [f64([3, 4])], attrs: { axes: [0, 1], keepdims: false } },
  { label: "scalar", inputs: [f64([])], attrs: { axes: [], keepdims: false } },
];

/** The cotangent `id` (reduced shape) reshaped to kept dims and broadcast to x's shape. */
function expand(c: VjpContext, id: string): string {
  const x = c.inputs[0]!.type;
  const axes = reduceAxes(c.node.attrs, x.shape.length);
  return broadcastTo(c.b, reshapeTo(c.b, id, keptShape(x.shape, axes)), x.shape);
}

interface ReduceSpec {
  readonly summary: string;
  readonly init: number;
  readonly combine: (acc: number, v: number) => number;
  readonly floatOnly?: boolean;
  /** Post-processing of the kept-dims result (mean divides, logsumexp is evaluated separately). */
  readonly finish?: (r: Tensor, x: Tensor, axes: readonly number[]) => Tensor;
  readonly grad: (c: VjpContext) => string;
  readonly doc: VjpDoc;
}

function reduction(name: string, s: ReduceSpec): OpDef {
  return {
    name,
    arity: 1,
    summary: s.summary,
    type: ([x], attrs) => {
      const t = x!;
      const err = s.floatOnly === true ? requireFloat(name, t) : requireNumeric(name, t);
      if (err !== undefined) return err;
      const axes = reduceAxes(attrs, t.shape.length);
      const axErr = checkAxes(name, t, axes);
      if (axErr !== undefined) return axErr;
      return tensorType(t.dtype, reducedShape(t.shape, axes, attrBool(attrs, "keepdims")));
    },
    evaluate: ([x], ctx: EvalContext) => {
      const axes = reduceAxes(ctx.attrs, x!.shape.length);
      const r = reduceEval(x!, axes, s.init, s.combine);
      return withShape(s.finish === undefined ? r : s.finish(r, x!, axes), ctx.outShape);
    },
    vjp: (c) => (c.wanted[0] === true && isFloat(c.node.type.dtype) ? [s.grad(c)] : [null]),
    vjpDoc: [s.doc],
    samples: SAMPLES,
  };
}

/** dz spread equally over the positions where x equals the reduced extremum z (ties split). */
function extremumGrad(c: VjpContext): string {
  const x = c.inputs[0]!;
  const axes = reduceAxes(c.node.attrs, x.type.shape.length);
  const mask = c.b.add("cast", [c.b.add("eq", [x.id, expand(c, c.node.id)])], { dtype: x.type.dtype });
  const count = c.b.add("reduce_sum", [mask], { axes, keepdims: true });
  const share = c.b.add("div", [mask, broadcastTo(c.b, count, x.type.shape)]);
  return c.b.add("mul", [expand(c, c.cot), share]);
}

function extremumDoc(word: "max" | "min"): VjpDoc {
  return mathDoc(["x"], `dx = expand(dz) ⊙ m / Σm, m = [x = expand(z)]`, `∂z/∂x_j = [x_j is the ${word}] / (number of tied ${word}ima): ties share the gradient equally`);
}

export const REDUCE_OPS = {
  reduce_sum: reduction("reduce_sum", {
    summary: "Σ over axes",
    init: 0,
    combine: (a, v) => a + v,
    grad: (c) => expand(c, c.cot),
    doc: mathDoc(["x"], "dx = broadcast(dz, shape(x))", "∂z_i/∂x_j = 1 when x_j is one of the summed elements of z_i, else 0"),
  }),
  reduce_mean: reduction("reduce_mean", {
    summary: "mean over axes",
    init: 0,
    combine: (a, v) => a + v,
    floatOnly: true,
    finish: (r, x, axes) => {
      const n = axes.reduce((p, a) => p * x.shape[a]!, 1);
      return { shape: r.shape, data: r.data.map((v) => v / n) };
    },
    grad: (c) => {
      const x = c.inputs[0]!.type;
      const n = dimProduct(reduceAxes(c.node.attrs, x.shape.length).map((a) => x.shape[a]!));
      const g = expand(c, c.cot);
      if (typeof n === "number") return scale(c.b, g, 1 / n);
      const size = c.b.add("dimsize", [], { dims: [n], dtype: x.dtype });
      return c.b.add("div", [g, broadcastTo(c.b, size, x.shape)]);
    },
    doc: mathDoc(["x"], "dx = broadcast(dz, shape(x)) / n, n = number of averaged elements", "∂z_i/∂x_j = 1/n when x_j is one of the averaged elements of z_i, else 0"),
  }),
  reduce_max: reduction("reduce_max", {
    summary: "max over axes; the gradient is split equally among tied maxima",
    init: -Infinity,
    combine: Math.max,
    grad: extremumGrad,
    doc: extremumDoc("max"),
  }),
  reduce_min: reduction("reduce_min", {
    summary: "min over axes; the gradient is split equally among tied minima",
    init: Infinity,
    combine: Math.min,
    grad: extremumGrad,
    doc: extremumDoc("min"),
  }),
  logsumexp: reduction("logsumexp", {
    summary: "log Σ exp over axes, computed as m + log Σ exp(x − m) with m the max",
    init: -Infinity,
    combine: Math.max,
    floatOnly: true,
    // m + log Σ exp(x − m) with m the group max, so no exp overflows; an all −∞ group gives −∞.
    finish: (m, x, axes) => {
      const mb = broadcastEval(m, x.shape);
      const e = map2(x, mb, (v, mv) => (mv === -Infinity ? 0 : Math.exp(v - mv)));
      const sums = reduceEval(e, axes, 0, (acc, v) => acc + v);
      return { shape: m.shape, data: m.data.map((v, i) => (v === -Infinity ? v : v + Math.log(sums.data[i]!))) };
    },
    grad: (c) => {
      const x = c.inputs[0]!.id;
      const p = c.b.add("exp", [c.b.add("sub", [x, expand(c, c.node.id)])]);
      return c.b.add("mul", [expand(c, c.cot), p]);
    },
    doc: mathDoc(["x"], "dx = expand(dz) ⊙ exp(x − expand(z))", "∂z/∂x_j = exp(x_j)/Σ_k exp(x_k) = softmax(x)_j"),
  }),
} satisfies Record<string, OpDef>;
