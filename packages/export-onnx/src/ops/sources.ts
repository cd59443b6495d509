/**
 * Source ops. `input`, `param` and `buffer` are bound by the driver (graph.ts: graph inputs and
 * initializers), so their rules are never called; the others build their value from attributes.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimMul, type Dim } from "@nnc/ir";
import { attrDims, attrNumber } from "@nnc/ops";
import type { OnnxEmit, OnnxRule, OnnxRuleContext } from "../contract.ts";
import { castTo } from "../dtypes.ts";

const bound = (op: string): OnnxRule => ({
  emit: () => {
    throw new InternalCompilerError(`${op} nodes are bound by the ONNX driver, not by a rule`);
  },
});

/** A tensor of `shape` with every element `value`: a small literal, or a scalar expanded at run time. */
export function filled(e: OnnxEmit, c: OnnxRuleContext, value: number): string {
  const dtype = e.dtypeOf(c.node.type);
  const shape = c.node.type.shape;
  const size = shape.every((d): d is number => typeof d === "number") ? shape.reduce((a, b) => a * b, 1) : Infinity;
  if (size <= 16) return e.constant(dtype, shape as number[], Array.from({ length: size }, () => value));
  return e.op("Expand", [e.scalar(dtype, value), e.shape(shape)]);
}

/** Training: 0 with probability p else 1/(1−p), drawn by ONNX's RandomUniformLike (not nnc's stream). */
function dropoutMask(c: OnnxRuleContext): string {
  const { e, node } = c;
  const p = attrNumber(node.attrs, "p");
  if (!e.training || p === 0) return filled(e, c, 1);
  const dtype = e.dtypeOf(node.type);
  const zeros = e.op("Expand", [e.scalar(dtype, 0), e.shape(node.type.shape)]);
  const u = e.op("RandomUniformLike", [zeros], { low: { f: 0 }, high: { f: 1 } });
  const keep = e.op("Cast", [e.op("GreaterOrEqual", [u, e.scalar(dtype, p)])], { to: castTo(dtype) });
  return e.op("Mul", [keep, e.scalar(dtype, 1 / (1 - p))]);
}

export const SOURCES_ONNX = {
  input: bound("input"),
  param: bound("param"),
  buffer: bound("buffer"),
  training: { emit: ({ e }) => e.scalar("bool", e.training ? 1 : 0) },
  const: { emit: (c) => filled(c.e, c, attrNumber(c.node.attrs, "value")) },
  // The product of `dims` read from the inputs' shapes, cast to float, as a rank-0 tensor.
  dimsize: {
    emit: ({ e, node }) => {
      const n = attrDims(node.attrs, "dims").reduce<Dim>((a, d) => dimMul(a, d), 1);
      return e.op("Reshape", [e.op("Cast", [e.dim(n)], { to: castTo(e.dtypeOf(node.type)) }), e.ints([])]);
    },
  },
  dropout_mask: { emit: dropoutMask },
} satisfies Record<string, OnnxRule>;
