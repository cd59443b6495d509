/** Call kernels of the nn group, logsumexp, concat and dropout masks. */
import { dimAdd, dimMul, dimProduct, type Dim, type Node } from "@nnc/ir";
import { contiguousStrides } from "../dims.ts";
import type { CallCtx, CallKernel, SimdStandIn } from "../kernel-types.ts";
import { simdFirst } from "./simd-first.ts";
import { numLit } from "../names.ts";
import { axesOf, num } from "./attrs.ts";

/** outer · len · inner split of a shape at `axis`. */
function lanes(c: CallCtx, shape: readonly Dim[], axis: number): string {
  return `${c.dim(dimProduct(shape.slice(0, axis)))}, ${c.dim(shape[axis]!)}, ${c.dim(dimProduct(shape.slice(axis + 1)))}`;
}

function axisOf(node: Node, rank: number): number {
  return typeof node.attrs["axis"] === "number" ? node.attrs["axis"] : rank - 1;
}

/** softmax over the last axis of an f32 array: ../wasm/softmax-lanes.ts, two rows in float64 lanes with the helper's bits. */
const SOFTMAX_SIMD: SimdStandIn = { helper: "softmaxSimd", applies: (node, inputs) => axisOf(node, inputs[0]!.type.shape.length) === inputs[0]!.type.shape.length - 1 };

function normalizer(helper: "softmax" | "logSoftmax", simd?: SimdStandIn): CallKernel {
  return {
    kind: "call",
    emit: (c) => {
      const shape = c.inputs[0]!.type.shape;
      const args = `${c.ins[0]!}, ${c.out}, ${lanes(c, shape, axisOf(c.node, shape.length))}`;
      return simdFirst(c, simd, args, [`${c.helper(helper)}(${args});`]);
    },
    ...(simd === undefined ? {} : { simd }),
  };
}

/** Output strides over the input's axes: the kept-dims layout with 0 along reduced axes. */
function reducedStrides(shape: readonly Dim[], axes: readonly number[]): Dim[] {
  const kept = contiguousStrides(shape.map((d, i) => (axes.includes(i) ? 1 : d)));
  return shape.map((_, i) => (axes.includes(i) ? 0 : kept[i]!));
}

/** m = max, s = Σ exp(x − m), out = m + log s (an all −∞ lane stays −∞), in three strided passes. */
function logsumexp(c: CallCtx): string[] {
  const shape = c.inputs[0]!.type.shape;
  const axes = axesOf(c.node, shape.length);
  const n = c.dim(dimProduct(c.node.type.shape));
  const x = { offset: 0, strides: contiguousStrides(shape) };
  const o = { offset: 0, strides: reducedStrides(shape, axes) };
  const [xs, out, s] = [c.ins[0]!, c.out, c.scratch[0]!];
  return [
    `${out}.fill(-Infinity, 0, ${n});`,
    `${s}.fill(0, 0, ${n});`,
    ...c.nest(shape, [x, o], ([i, k]) => [`${out}[${k!}] = Math.max(${out}[${k!}], ${xs}[${i!}]);`]),
    ...c.nest(shape, [x, o], ([i, k]) => [`${s}[${k!}] += ${out}[${k!}] === -Infinity ? 0 : Math.exp(${xs}[${i!}] - ${out}[${k!}]);`]),
    `for (let _i = 0; _i < ${n}; _i++) if (${out}[_i] !== -Infinity) ${out}[_i] += Math.log(${s}[_i]);`,
  ];
}

/**
 * Operand k fills, in each of the outer = Π shape[0 … axis) rows of the output, shape_k[axis]·Π
 * shape(axis …) consecutive elements. With outer = 1 that is one contiguous block: one TypedArray.set
 * (one short-lived subarray view a call, measured cheaper than the element loop on the LSTM's
 * [16·B, ·] concats); otherwise the element loop, which allocates nothing per row.
 */
function concat(c: CallCtx): string[] {
  const axis = num(c.node, "axis");
  const outShape = c.node.type.shape;
  const outStrides = contiguousStrides(outShape);
  const whole = dimProduct(outShape.slice(0, axis)) === 1;
  const lines: string[] = [];
  let offset: Dim = 0;
  c.inputs.forEach((inp, k) => {
    const shape = inp.type.shape;
    const at = dimMul(offset, outStrides[axis]!);
    if (whole) lines.push(`${c.out}.set(${c.ins[k]!}.subarray(0, ${c.dim(dimProduct(shape))}), ${c.dim(at)});`);
    else lines.push(...c.nest(shape, [{ offset: at, strides: outStrides }, { offset: 0, strides: contiguousStrides(shape) }], ([o, i]) => [`${c.out}[${o!}] = ${c.ins[k]!}[${i!}];`]));
    offset = dimAdd(offset, shape[axis]!);
  });
  return lines;
}

export const NN_KERNELS = {
  softmax: normalizer("softmax", SOFTMAX_SIMD),
  log_softmax: normalizer("logSoftmax"),
  cross_entropy: {
    kind: "call",
    emit: (c) => {
      const shape = c.inputs[0]!.type.shape;
      return [`${c.helper("crossEntropy")}(${c.ins[0]!}, ${c.ins[1]!}, ${c.out}, ${c.dim(dimProduct(shape.slice(0, -1)))}, ${c.dim(shape[shape.length - 1]!)});`];
    },
  },
  one_hot: {
    kind: "call",
    emit: (c) => {
      const shape = c.node.type.shape;
      return [`${c.helper("oneHot")}(${c.ins[0]!}, ${c.out}, ${c.dim(dimProduct(shape.slice(0, -1)))}, ${c.dim(shape[shape.length - 1]!)});`];
    },
  },
  logsumexp: { kind: "call", emit: logsumexp, scratch: (node) => [dimProduct(node.type.shape)] },
  concat: { kind: "call", emit: concat },
  dropout_mask: {
    kind: "call",
    // In training each element is 0 with probability p, else 1/(1 − p), from the class's PRNG.
    emit: (c) => {
      const p = num(c.node, "p");
      const n = c.dim(dimProduct(c.node.type.shape));
      if (p === 0) return [`${c.out}.fill(1, 0, ${n});`];
      return [
        `if (training) {`,
        `  for (let _i = 0; _i < ${n}; _i++) ${c.out}[_i] = this.random() < ${numLit(p)} ? 0 : 1 / (1 - ${numLit(p)});`,
        `} else ${c.out}.fill(1, 0, ${n});`,
      ];
    },
  },
} satisfies Record<string, CallKernel>;
