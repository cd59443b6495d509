/**
 * ONNX rules of the conv records (NCHW, OIHW). conv2d is Conv; its two gradient ops are written with
 * Conv/ConvTranspose as derived below. Pool rules live in pool.ts and are merged in here.
 */
import { attrDims } from "@nnc/ops";
import type { OnnxAttrs, OnnxRule, OnnxRuleContext } from "../contract.ts";
import { concreteAt, intAttr } from "./onnx-helpers.ts";
import { POOL_ONNX } from "./pool.ts";

function window(c: OnnxRuleContext): { s: number; p: number } {
  return { s: intAttr(c.node.attrs, "stride", 1), p: intAttr(c.node.attrs, "pad", 0) };
}

function convAttrs(s: number, p: number): OnnxAttrs {
  return { strides: { ints: [s, s] }, pads: { ints: [p, p, p, p] } };
}

/**
 * dx = ConvTranspose(dy, k): the transpose of x ↦ Conv(x, k) with the same OIHW weights. Its output
 * size is s·(OH − 1) + KH − 2p + output_padding, so output_padding = H − (s·(OH − 1) + KH − 2p)
 * restores the rows the conv's floor dropped (0 ≤ it < s).
 */
function inputGrad(c: OnnxRuleContext): string {
  const { s, p } = window(c);
  const dy = c.inputTypes[0]!.shape;
  const k = c.inputTypes[1]!.shape;
  const xShape = attrDims(c.node.attrs, "inputShape");
  const extra = (axis: 2 | 3) =>
    concreteAt(xShape, axis, "inputShape") - (s * (concreteAt(dy, axis, "dy") - 1) + concreteAt(k, axis, "kernel") - 2 * p);
  return c.e.op("ConvTranspose", [c.inputs[0]!, c.inputs[1]!], { ...convAttrs(s, p), output_padding: { ints: [extra(2), extra(3)] } });
}

/**
 * dk[o,c,a,b] = Σ_{n,i,j} x[n,c, i·s+a−p, j·s+b−p] · dy[n,o,i,j]. With xᵀ = x as [C,N,H,W] (batch C,
 * channels N) and dyᵀ = dy as [O,N,OH,OW] (a kernel of OH×OW taps), a Conv with dilation s, stride 1
 * and pad p computes r[c,o,a,b] = Σ_{n,i,j} xᵀ[c,n, a+i·s−p, b+j·s−p] · dyᵀ[o,n,i,j] — the same sum.
 * r has H + 2p − s·(OH − 1) ≥ KH rows (OH − 1 = ⌊(H + 2p − KH)/s⌋); keep the first KH×KW and
 * transpose [C,O,…] to [O,C,…].
 */
function weightGrad(c: OnnxRuleContext): string {
  const { e, node } = c;
  const { s, p } = window(c);
  const kShape = attrDims(node.attrs, "kernelShape");
  const perm = { perm: { ints: [1, 0, 2, 3] } };
  const xT = e.op("Transpose", [c.inputs[0]!], perm);
  const dyT = e.op("Transpose", [c.inputs[1]!], perm);
  const r = e.op("Conv", [xT, dyT], { dilations: { ints: [s, s] }, strides: { ints: [1, 1] }, pads: { ints: [p, p, p, p] } });
  const kh = concreteAt(kShape, 2, "kernelShape");
  const kw = concreteAt(kShape, 3, "kernelShape");
  const cut = e.op("Slice", [r, e.ints([0, 0]), e.ints([kh, kw]), e.ints([2, 3])]);
  return e.op("Transpose", [cut], perm);
}

export const CONV_ONNX = {
  conv2d: { emit: (c) => c.e.op("Conv", [c.inputs[0]!, c.inputs[1]!], convAttrs(window(c).s, window(c).p)), ortFloatOnly: "Conv" },
  conv2d_input_grad: { emit: inputGrad, ortFloatOnly: "ConvTranspose" },
  conv2d_weight_grad: { emit: weightGrad, ortFloatOnly: "Conv" },
  ...POOL_ONNX,
} satisfies Record<string, OnnxRule>;
