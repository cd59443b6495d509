/**
 * nn records: softmax, log_softmax, cross_entropy (from logits, integer labels), bce_with_logits,
 * one_hot. All forward forms are the max-shifted stable ones (see nn-kernels.ts).
 */
import { sym, tensorType, type Attrs, type Dim, type Node } from "@nnc/ir";
import type { OpDef, VjpContext } from "../op-def.ts";
import type { Tensor } from "../tensor.ts";
import { broadcastTo, reshapeTo } from "../build-helpers.ts";
import { bceType, crossEntropyType, normAxis, normalizerType, oneHotType } from "./nn-types.ts";
import { bceWithLogits, crossEntropy, logSoftmax, oneHot, softmax } from "./nn-kernels.ts";

const f64 = (...shape: Dim[]) => tensorType("f64", shape);

/** The normalised axis at evaluation time (the type rule has accepted it; absent means the last). */
function evalAxis(x: Tensor, attrs: Attrs): number {
  return typeof attrs.axis === "number" ? attrs.axis : x.shape.length - 1;
}

function axisOf(ctx: VjpContext): number {
  const axis = normAxis(ctx.node.op, ctx.inputs[0]!.type, ctx.node.attrs);
  return typeof axis === "number" ? axis : ctx.inputs[0]!.type.shape.length - 1;
}

/** Σ_axis(id), kept as size 1 and broadcast back: the row sums every element of a lane sees. */
function laneSum(ctx: VjpContext, id: string, axis: number): string {
  const s = ctx.b.add("reduce_sum", [id], { axes: [axis], keepdims: true });
  return broadcastTo(ctx.b, s, ctx.node.type.shape);
}

const softmaxDef: OpDef = {
  name: "softmax",
  arity: 1,
  summary: "softmax along `axis`: exp(x − max) / Σ exp(x − max)",
  type: normalizerType("softmax"),
  evaluate: ([x], ctx) => softmax(x!, evalAxis(x!, ctx.attrs)),
  vjp: (ctx) => {
    if (!ctx.wanted[0]) return [null];
    const { b, node, cot } = ctx;
    const dot = laneSum(ctx, b.add("mul", [cot, node.id]), axisOf(ctx));
    return [b.add("mul", [node.id, b.add("sub", [cot, dot])])];
  },
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = ${n.out} ⊙ (${n.d(n.out)} − Σ_axis(${n.d(n.out)} ⊙ ${n.out}))`,
      why: (n) => `∂${n.out}_i/∂${n.ins[0]!}_j = ${n.out}_i·(δ_ij − ${n.out}_j) along the axis`,
    },
  ],
  samples: [
    { label: "rows", inputs: [f64(3, 4)], attrs: { axis: 1 } },
    { label: "axis 0", inputs: [f64(3, 4)], attrs: { axis: 0 } },
    { label: "rank 3, middle axis", inputs: [f64(2, 3, 2)], attrs: { axis: 1 } },
  ],
};

const logSoftmaxDef: OpDef = {
  name: "log_softmax",
  arity: 1,
  summary: "log of softmax along `axis`, computed as x − m − log Σ exp(x − m)",
  type: normalizerType("log_softmax"),
  evaluate: ([x], ctx) => logSoftmax(x!, evalAxis(x!, ctx.attrs)),
  vjp: (ctx) => {
    if (!ctx.wanted[0]) return [null];
    const { b, node, cot } = ctx;
    const total = laneSum(ctx, cot, axisOf(ctx));
    const p = b.add("exp", [node.id]);
    return [b.add("sub", [cot, b.add("mul", [p, total])])];
  },
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = ${n.d(n.out)} − exp(${n.out}) ⊙ Σ_axis ${n.d(n.out)}`,
      why: (n) => `∂${n.out}_i/∂${n.ins[0]!}_j = δ_ij − softmax(${n.ins[0]!})_j along the axis`,
    },
  ],
  samples: [
    { label: "rows", inputs: [f64(3, 4)], attrs: { axis: 1 } },
    { label: "axis 0", inputs: [f64(3, 4)], attrs: { axis: 0 } },
    { label: "vector", inputs: [f64(5)], attrs: { axis: 0 } },
  ],
};

const crossEntropyDef: OpDef = {
  name: "cross_entropy",
  arity: 2,
  summary: "per-example cross-entropy from logits [..., C] and i32 labels [...]: logsumexp(l) − l[label]",
  type: (inputs) => crossEntropyType(inputs),
  evaluate: ([logits, labels]) => crossEntropy(logits!, labels!),
  vjp: (ctx) => {
    if (!ctx.wanted[0]) return [null, null];
    const { b, cot } = ctx;
    const [logits, labels] = ctx.inputs as [Node, Node];
    const shape = logits.type.shape;
    const axis = shape.length - 1;
    const p = b.add("softmax", [logits.id], { axis });
    const y = b.add("one_hot", [labels.id], { classes: shape[axis]!, dtype: logits.type.dtype });
    const c = broadcastTo(b, reshapeTo(b, cot, [...shape.slice(0, -1), 1]), shape);
    return [b.add("mul", [c, b.add("sub", [p, y])]), null];
  },
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = ${n.d(n.out)}[..., None] ⊙ (softmax(${n.ins[0]!}) − one_hot(${n.ins[1]!}))`,
      why: (n) => `∂${n.out}/∂${n.ins[0]!}_c = softmax(${n.ins[0]!})_c − [c = ${n.ins[1]!}]`,
    },
    null,
  ],
  samples: [
    { label: "batch of 4, 5 classes", inputs: [f64(4, 5), tensorType("i32", [4])], attrs: {}, domain: ["any", "label"], classes: 5 },
    { label: "single example", inputs: [f64(3), tensorType("i32", [])], attrs: {}, domain: ["any", "label"], classes: 3 },
    { label: "rank 3 logits", inputs: [f64(2, 3, 4), tensorType("i32", [2, 3])], attrs: {}, domain: ["any", "label"], classes: 4 },
    { label: "symbolic batch B", inputs: [f64(sym("B"), 4), tensorType("i32", [sym("B")])], attrs: {}, domain: ["any", "label"], classes: 4 },
  ],
};

const bceDef: OpDef = {
  name: "bce_with_logits",
  arity: 2,
  summary: "elementwise binary cross-entropy from logits z and targets t: max(z,0) − t·z + log1p(exp(−|z|))",
  type: (inputs) => bceType(inputs),
  evaluate: ([z, t]) => bceWithLogits(z!, t!),
  vjp: (ctx) => {
    const { b, cot, wanted } = ctx;
    const [z, t] = ctx.inputs as [Node, Node];
    const dz = wanted[0] ? b.add("mul", [cot, b.add("sub", [b.add("sigmoid", [z.id]), t.id])]) : null;
    const dt = wanted[1] ? b.add("neg", [b.add("mul", [cot, z.id])]) : null;
    return [dz, dt];
  },
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = ${n.d(n.out)} ⊙ (σ(${n.ins[0]!}) − ${n.ins[1]!})`,
      why: (n) => `∂${n.out}_i/∂${n.ins[0]!}_i = σ(${n.ins[0]!}_i) − ${n.ins[1]!}_i (elementwise)`,
    },
    {
      formula: (n) => `${n.d(n.ins[1]!)} = −${n.d(n.out)} ⊙ ${n.ins[0]!}`,
      why: (n) => `∂${n.out}_i/∂${n.ins[1]!}_i = −${n.ins[0]!}_i (elementwise)`,
    },
  ],
  samples: [
    { label: "matrix, unit targets", inputs: [f64(3, 4), f64(3, 4)], attrs: {}, domain: ["any", "unit"] },
    { label: "scalar", inputs: [f64(), f64()], attrs: {}, domain: ["any", "unit"] },
  ],
};

const oneHotDef: OpDef = {
  name: "one_hot",
  arity: 1,
  summary: "one_hot(labels)[..., c] = 1 where labels[...] = c, else 0",
  type: oneHotType,
  evaluate: ([labels], ctx) => oneHot(labels!, ctx.outShape),
  vjp: () => [null],
  vjpDoc: [null],
  nonDifferentiable: true,
  samples: [{ label: "4 labels, 3 classes", inputs: [tensorType("i32", [4])], attrs: { classes: 3, dtype: "f64" }, domain: ["label"], classes: 3 }],
};

export const NN_OPS = {
  softmax: softmaxDef,
  log_softmax: logSoftmaxDef,
  cross_entropy: crossEntropyDef,
  bce_with_logits: bceDef,
  one_hot: oneHotDef,
} satisfies Record<string, OpDef>;
