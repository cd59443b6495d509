/**
 * ONNX rules of the pool records (no padding, size×size windows, stride default size, floor mode).
 * MaxPool's second output holds each window's argmax as an index into x flattened over all of N,C,H,W
 * (ONNX: "computed as flatten 1-D tensor"); ONNX Runtime keeps the first maximum of a window (strict
 * `>` while scanning in row-major order), which is nnc's routing rule. The gradient ops use it:
 *   maxpool2d_grad(x, dy)   = ScatterElements(zeros[N·C·H·W], flat idx, flat dy, add) reshaped like x
 *                             (ScatterElements, not ScatterND: see gather.ts; overlapping windows repeat
 *                             an index)
 *   maxpool2d_gather(x, g)  = Gather(flat g, idx)   (shape of idx = the pooled shape)
 *   avgpool2d_grad(dy)      = ConvTranspose(dy, 1/size² per channel, group C): each dy spread over
 *                             its window, overlaps summed; output_padding restores floor-dropped rows.
 */
import { attrDims } from "@nnc/ops";
import type { OnnxAttrs, OnnxRule, OnnxRuleContext } from "../contract.ts";
import { concreteAt, intAttr, zerosOfShape } from "./onnx-helpers.ts";

function window(c: OnnxRuleContext): { size: number; stride: number } {
  const size = intAttr(c.node.attrs, "size", 2);
  return { size, stride: intAttr(c.node.attrs, "stride", size) };
}

function poolAttrs(c: OnnxRuleContext): OnnxAttrs {
  const { size, stride } = window(c);
  return { kernel_shape: { ints: [size, size] }, strides: { ints: [stride, stride] } };
}

/** The flat argmax indices (int64, pooled shape) of x's windows. */
function argmaxes(c: OnnxRuleContext): string {
  return c.e.node("MaxPool", [c.inputs[0]!], poolAttrs(c), 2)[1]!;
}

function maxpoolGrad(c: OnnxRuleContext): string {
  const { e } = c;
  const xShape = e.op("Shape", [c.inputs[0]!]);
  const flat = zerosOfShape(e, e.dtypeOf(c.node.type), e.op("ReduceProd", [xShape], { keepdims: { i: 1 } }));
  const idx = e.op("Reshape", [argmaxes(c), e.ints([-1])]);
  const dy = e.op("Reshape", [c.inputs[1]!, e.ints([-1])]);
  const summed = e.op("ScatterElements", [flat, idx, dy], { axis: { i: 0 }, reduction: { s: "add" } });
  return e.op("Reshape", [summed, xShape]);
}

function maxpoolGather(c: OnnxRuleContext): string {
  const { e } = c;
  return e.op("Gather", [e.op("Reshape", [c.inputs[1]!, e.ints([-1])]), argmaxes(c)], { axis: { i: 0 } });
}

function avgpoolGrad(c: OnnxRuleContext): string {
  const { e, node } = c;
  const { size, stride } = window(c);
  const xShape = attrDims(node.attrs, "inputShape");
  const ch = concreteAt(xShape, 1, "inputShape");
  const dy = c.inputTypes[0]!;
  const extra = (axis: 2 | 3) => concreteAt(xShape, axis, "inputShape") - (stride * (concreteAt(dy.shape, axis, "dy") - 1) + size);
  const w = e.constant(e.dtypeOf(node.type), [ch, 1, size, size], new Array<number>(ch * size * size).fill(1 / (size * size)));
  return e.op("ConvTranspose", [c.inputs[0]!, w], {
    group: { i: ch },
    strides: { ints: [stride, stride] },
    output_padding: { ints: [extra(2), extra(3)] },
  });
}

export const POOL_ONNX = {
  maxpool2d: { emit: (c) => c.e.op("MaxPool", [c.inputs[0]!], poolAttrs(c)) },
  maxpool2d_grad: { emit: maxpoolGrad },
  maxpool2d_gather: { emit: maxpoolGather },
  avgpool2d: { emit: (c) => c.e.op("AveragePool", [c.inputs[0]!], poolAttrs(c)), ortFloatOnly: "AveragePool" },
  avgpool2d_grad: { emit: avgpoolGrad, ortFloatOnly: "ConvTranspose" },
} satisfies Record<string, OnnxRule>;
