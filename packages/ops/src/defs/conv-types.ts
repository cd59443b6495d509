/**
 * Type rules of the conv and pool records (NCHW activations, OIHW kernels). Only the batch dim N may
 * be symbolic; C, H, W, and every kernel dim are whole numbers (E0308). Window sizes follow
 * OH = ⌊(H + 2·pad − KH)/stride⌋ + 1 (pools: pad 0, KH = size); OH ≤ 0 is E0307.
 */
import { tensorType, type Attrs, type Dim, type TensorType } from "@nnc/ir";
import type { TypeRuleError, TypeRuleResult } from "../op-def.ts";
import { concreteDims, convAttrs, floatOperands, isRuleError, poolAttrs, rank4, sameShape, shapeAttr, windowOut } from "./conv-geometry.ts";

const NCHW = ["N", "C", "H", "W"] as const;
const OIHW = ["O", "C", "KH", "KW"] as const;

/** Everything a conv type rule derives from the activation shape, the kernel shape and the attrs. */
export interface ConvGeometry {
  readonly n: Dim;
  readonly c: number;
  readonly o: number;
  readonly kh: number;
  readonly kw: number;
  readonly stride: number;
  readonly pad: number;
  /** Shape of the conv output, [N, O, OH, OW]. */
  readonly outShape: readonly Dim[];
}

/** Checks x: [N, C, H, W] against k: [O, C, KH, KW] (shapes only; operands' dtypes are checked by the caller). */
export function convGeometry(op: string, x: readonly Dim[], k: readonly Dim[], attrs: Attrs): ConvGeometry | TypeRuleError {
  const a = convAttrs(op, attrs);
  if (isRuleError(a)) return a;
  const xs = concreteDims(op, "input", x, [1, 2, 3], NCHW);
  if (isRuleError(xs)) return xs;
  const ks = concreteDims(op, "kernel", k, [0, 1, 2, 3], OIHW);
  if (isRuleError(ks)) return ks;
  const [c, h, w] = xs as [number, number, number];
  const [o, kc, kh, kw] = ks as [number, number, number, number];
  if (c !== kc) {
    return {
      error: `${op}: input has ${c} channel${c === 1 ? "" : "s"} but the kernel expects ${kc}`,
      code: "E0306",
      help: `a kernel for this input has shape [O, ${c}, KH, KW] (its second dim is the input channel count)`,
    };
  }
  const oh = windowOut(op, "height", h, kh, a.stride, a.pad, "kernel");
  if (isRuleError(oh)) return oh;
  const ow = windowOut(op, "width", w, kw, a.stride, a.pad, "kernel");
  if (isRuleError(ow)) return ow;
  return { n: x[0]!, c, o, kh, kw, stride: a.stride, pad: a.pad, outShape: [x[0]!, o, oh, ow] };
}

/** conv2d(x: [N,C,H,W], k: [O,C,KH,KW]) → [N,O,OH,OW]. */
export function conv2dType(inputs: readonly TensorType[], attrs: Attrs): TypeRuleResult {
  const [x, k] = inputs as [TensorType, TensorType];
  const err = rank4("conv2d", "input", "N, C, H, W", x) ?? rank4("conv2d", "kernel", "O, C, KH, KW", k) ?? floatOperands("conv2d", x, k);
  if (err !== undefined) return err;
  const g = convGeometry("conv2d", x.shape, k.shape, attrs);
  return isRuleError(g) ? g : tensorType(x.dtype, g.outShape);
}

/** conv2d_input_grad(dy: [N,O,OH,OW], k) → inputShape = [N,C,H,W], with dy the conv output's shape. */
export function conv2dInputGradType(inputs: readonly TensorType[], attrs: Attrs): TypeRuleResult {
  const op = "conv2d_input_grad";
  const [dy, k] = inputs as [TensorType, TensorType];
  const err = rank4(op, "cotangent", "N, O, OH, OW", dy) ?? rank4(op, "kernel", "O, C, KH, KW", k) ?? floatOperands(op, dy, k);
  if (err !== undefined) return err;
  const xShape = shapeAttr(op, attrs, "inputShape", 4);
  if (isRuleError(xShape)) return xShape;
  const g = convGeometry(op, xShape, k.shape, attrs);
  if (isRuleError(g)) return g;
  const bad = sameShape(op, "cotangent shape differs from the conv output shape", dy.shape, g.outShape);
  return bad ?? tensorType(dy.dtype, xShape);
}

/** conv2d_weight_grad(x: [N,C,H,W], dy: [N,O,OH,OW]) → kernelShape = [O,C,KH,KW]. */
export function conv2dWeightGradType(inputs: readonly TensorType[], attrs: Attrs): TypeRuleResult {
  const op = "conv2d_weight_grad";
  const [x, dy] = inputs as [TensorType, TensorType];
  const err = rank4(op, "input", "N, C, H, W", x) ?? rank4(op, "cotangent", "N, O, OH, OW", dy) ?? floatOperands(op, x, dy);
  if (err !== undefined) return err;
  const kShape = shapeAttr(op, attrs, "kernelShape", 4);
  if (isRuleError(kShape)) return kShape;
  const g = convGeometry(op, x.shape, kShape, attrs);
  if (isRuleError(g)) return g;
  const bad = sameShape(op, "cotangent shape differs from the conv output shape", dy.shape, g.outShape);
  return bad ?? tensorType(dy.dtype, kShape);
}

/** Pool geometry of x: [N,C,H,W] with a size×size window: the pooled shape [N,C,OH,OW]. */
export function poolShape(op: string, x: readonly Dim[], attrs: Attrs): { size: number; stride: number; outShape: readonly Dim[] } | TypeRuleError {
  const a = poolAttrs(op, attrs);
  if (isRuleError(a)) return a;
  const xs = concreteDims(op, "input", x, [1, 2, 3], NCHW);
  if (isRuleError(xs)) return xs;
  const [c, h, w] = xs as [number, number, number];
  const oh = windowOut(op, "height", h, a.size, a.stride, 0, "size");
  if (isRuleError(oh)) return oh;
  const ow = windowOut(op, "width", w, a.size, a.stride, 0, "size");
  if (isRuleError(ow)) return ow;
  return { ...a, outShape: [x[0]!, c, oh, ow] };
}

/** maxpool2d / avgpool2d (x: [N,C,H,W]) → [N,C,OH,OW]. */
export function poolType(op: string): (inputs: readonly TensorType[], attrs: Attrs) => TypeRuleResult {
  return (inputs, attrs) => {
    const [x] = inputs as [TensorType];
    const err = rank4(op, "input", "N, C, H, W", x) ?? floatOperands(op, x);
    if (err !== undefined) return err;
    const p = poolShape(op, x.shape, attrs);
    return isRuleError(p) ? p : tensorType(x.dtype, p.outShape);
  };
}

/**
 * (x: [N,C,H,W], y) where y has the pooled shape of x: maxpool2d_grad returns x.type (y is the
 * cotangent), maxpool2d_gather returns y.type (y is a tensor shaped like x, gathered at the argmaxes).
 */
export function maxpoolPairType(op: "maxpool2d_grad" | "maxpool2d_gather"): (inputs: readonly TensorType[], attrs: Attrs) => TypeRuleResult {
  return (inputs, attrs) => {
    const [x, y] = inputs as [TensorType, TensorType];
    const err = rank4(op, "input", "N, C, H, W", x) ?? rank4(op, "second operand", "N, C, H, W", y) ?? floatOperands(op, x, y);
    if (err !== undefined) return err;
    const p = poolShape(op, x.shape, attrs);
    if (isRuleError(p)) return p;
    if (op === "maxpool2d_grad") {
      return sameShape(op, "cotangent shape differs from the pooled shape", y.shape, p.outShape) ?? x;
    }
    return sameShape(op, "gathered operand must have the input's shape", y.shape, x.shape) ?? tensorType(y.dtype, p.outShape);
  };
}

/** avgpool2d_grad(dy: [N,C,OH,OW]) → inputShape, with dy the pooled shape of inputShape. */
export function avgpoolGradType(inputs: readonly TensorType[], attrs: Attrs): TypeRuleResult {
  const op = "avgpool2d_grad";
  const [dy] = inputs as [TensorType];
  const err = rank4(op, "cotangent", "N, C, OH, OW", dy) ?? floatOperands(op, dy);
  if (err !== undefined) return err;
  const xShape = shapeAttr(op, attrs, "inputShape", 4);
  if (isRuleError(xShape)) return xShape;
  const p = poolShape(op, xShape, attrs);
  if (isRuleError(p)) return p;
  return sameShape(op, "cotangent shape differs from the pooled shape", dy.shape, p.outShape) ?? tensorType(dy.dtype, xShape);
}
