/**
 * conv2d as im2col + the tiled matmul, per image: y[n] (O × OH·OW) = K (O × C·KH·KW) · col.
 * The input gradient is col = Kᵀ·dy[n] scattered back by col2im; the weight gradient is
 * Σ_n dy[n]·colᵀ, accumulated by the matmul helper. Pools call direct window loops.
 * In f32 programs the im2col-free WebAssembly SIMD kernels (../wasm/conv-simd.ts, conv-pool.ts) run
 * first where the op's stride and padding have one: their helper returns false where they cannot
 * (no WebAssembly SIMD, OW < 4), and the scalar code above is the reference and the fallback.
 */
import { dimAdd, dimMul, dimProduct, type Dim, type Node } from "@nnc/ir";
import type { CallCtx, CallKernel } from "../kernel-types.ts";
import { convWindow, four, poolWindow } from "./attrs.ts";

export interface Geometry {
  readonly N: Dim;
  readonly C: Dim;
  readonly H: Dim;
  readonly W: Dim;
  readonly O: Dim;
  readonly KH: Dim;
  readonly KW: Dim;
  readonly OH: Dim;
  readonly OW: Dim;
}

function geometry(x: readonly Dim[], k: readonly Dim[], y: readonly Dim[]): Geometry {
  const [N, C, H, W] = four(x);
  const [O, , KH, KW] = four(k);
  const [, , OH, OW] = four(y);
  return { N, C, H, W, O, KH, KW, OH, OW };
}

/** Geometry of each conv-family node: (x, kernel, y) shapes from operands, attributes or output. */
function convGeometry(node: Node, inputs: readonly Node[]): Geometry {
  const shape = (name: string): readonly Dim[] => node.attrs[name] as readonly Dim[];
  if (node.op === "conv2d") return geometry(inputs[0]!.type.shape, inputs[1]!.type.shape, node.type.shape);
  if (node.op === "conv2d_input_grad") return geometry(shape("inputShape"), inputs[1]!.type.shape, inputs[0]!.type.shape);
  return geometry(inputs[0]!.type.shape, shape("kernelShape"), inputs[1]!.type.shape);
}

const colSize = (g: Geometry): Dim => dimProduct([g.C, g.KH, g.KW, g.OH, g.OW]);

/** A count rounded up to a multiple of 4 (a symbolic one over-estimated by 3). */
const up4 = (d: Dim): Dim => (typeof d === "number" ? Math.ceil(d / 4) * 4 : dimAdd(d, 3));

/** One image of `channels` planes padded by ph rows and pw columns on each side (0 floats without padding). */
const paddedImage = (channels: Dim, h: Dim, w: Dim, ph: number, pw: number): Dim => (ph === 0 && pw === 0 ? 0 : dimProduct([channels, dimAdd(h, 2 * ph), dimAdd(w, 2 * pw)]));

/**
 * Floats of scratch the SIMD kernel of conv-family op `op` (conv2d, conv2d_input_grad or
 * conv2d_weight_grad) needs in an f32 program (filters packed by
 * blocks of 4 and one padded image, see ../helpers/conv.ts), or null when it has none: strides other
 * than 1 and 2, and input gradients other than stride 1 with pad < the kernel size. Exported for the
 * helper test, which sizes the scratch exactly so.
 */
export function simdScratchFloats(op: string, g: Geometry, stride: number, pad: number): Dim | null {
  if (stride !== 1 && stride !== 2) return null;
  const taps = dimProduct([g.C, g.KH, g.KW]);
  if (op === "conv2d") return dimAdd(dimMul(up4(g.O), taps), paddedImage(g.C, g.H, g.W, pad, pad));
  if (op === "conv2d_weight_grad") return dimAdd(paddedImage(g.C, g.H, g.W, pad, pad), 4);
  if (stride !== 1 || typeof g.KH !== "number" || typeof g.KW !== "number" || pad >= g.KH || pad >= g.KW) return null;
  return dimAdd(dimMul(up4(g.C), dimProduct([g.O, g.KH, g.KW])), paddedImage(g.O, g.OH, g.OW, g.KH - 1 - pad, g.KW - 1 - pad));
}

function simdScratch(node: Node, g: Geometry): Dim | null {
  if (node.type.dtype !== "f32") return null;
  const { stride, pad } = convWindow(node);
  return simdScratchFloats(node.op, g, stride, pad);
}

function geomArgs(c: CallCtx, g: Geometry): string {
  const w = convWindow(c.node);
  return [g.C, g.H, g.W, g.KH, g.KW, w.stride, w.pad, g.OH, g.OW].map((d) => c.dim(d)).join(", ");
}

function conv(c: CallCtx): string[] {
  const g = convGeometry(c.node, c.inputs);
  const scalar = convScalar(c, g);
  const simd = c.scratch[1];
  if (simd === undefined) return scalar;
  const helper = c.helper(c.node.op === "conv2d" ? "conv2dSimd" : c.node.op === "conv2d_input_grad" ? "conv2dInputGradSimd" : "conv2dWeightGradSimd");
  const w = convWindow(c.node);
  const geom = [g.N, g.C, g.H, g.W, g.O, g.KH, g.KW, w.stride, w.pad, g.OH, g.OW].map((d) => c.dim(d)).join(", ");
  return [`if (!${helper}(${c.ins[0]!}, ${c.ins[1]!}, ${c.out}, ${simd}, ${geom})) {`, ...scalar.map((l) => `  ${l}`), `}`];
}

/** The im2col + matmul code, per image. */
function convScalar(c: CallCtx, g: Geometry): string[] {
  const col = c.scratch[0]!;
  const chw = c.dim(dimProduct([g.C, g.H, g.W]));
  const ohw = c.dim(dimMul(g.OH, g.OW));
  const ckk = c.dim(dimProduct([g.C, g.KH, g.KW]));
  const oohw = c.dim(dimProduct([g.O, g.OH, g.OW]));
  const geom = geomArgs(c, g);
  const [a, b, z] = [c.ins[0]!, c.ins[1]!, c.out];
  const loop = (body: string[]): string[] => [`for (let _n = 0; _n < ${c.dim(g.N)}; _n++) {`, ...body.map((l) => `  ${l}`), `}`];
  if (c.node.op === "conv2d") {
    return loop([`${c.helper("im2col")}(${a}, _n * ${chw}, ${col}, ${geom});`, `${c.helper("mmNN")}(${b}, 0, ${col}, 0, ${z}, _n * ${oohw}, ${c.dim(g.O)}, ${ohw}, ${ckk}, false);`]);
  }
  if (c.node.op === "conv2d_input_grad") {
    return [
      `${z}.fill(0, 0, ${c.dim(dimProduct([g.N, g.C, g.H, g.W]))});`,
      ...loop([`${c.helper("mmTN")}(${b}, 0, ${a}, _n * ${oohw}, ${col}, 0, ${ckk}, ${ohw}, ${c.dim(g.O)}, false);`, `${c.helper("col2im")}(${col}, ${z}, _n * ${chw}, ${geom});`]),
    ];
  }
  return loop([`${c.helper("im2col")}(${a}, _n * ${chw}, ${col}, ${geom});`, `${c.helper("mmNT")}(${b}, _n * ${oohw}, ${col}, 0, ${z}, 0, ${c.dim(g.O)}, ${ckk}, ${ohw}, _n > 0);`]);
}

const convKernel: CallKernel = {
  kind: "call",
  emit: conv,
  scratch: (node, inputs) => {
    const g = convGeometry(node, inputs);
    const simd = simdScratch(node, g);
    return simd === null ? [colSize(g)] : [colSize(g), simd];
  },
};

type PoolHelper = "maxpool" | "maxpoolGrad" | "maxpoolGather" | "avgpool" | "avgpoolGrad";

/** The SIMD helper standing in for a pool helper, where there is one (2×2 windows, stride 2). */
const POOL_SIMD: Partial<Record<PoolHelper, "maxpoolSimd" | "maxpoolGradSimd">> = { maxpool: "maxpoolSimd", maxpoolGrad: "maxpoolGradSimd" };

/** Pool geometry from the pooled (input) shape and the pooled-output shape. */
function pool(helper: PoolHelper, big: (c: CallCtx) => readonly Dim[], small: (c: CallCtx) => readonly Dim[]): CallKernel {
  return {
    kind: "call",
    emit: (c) => {
      const [N, C, H, W] = four(big(c));
      const [, , OH, OW] = four(small(c));
      const w = poolWindow(c.node);
      const geom = [dimMul(N, C), H, W, OH, OW, w.size, w.stride].map((d) => c.dim(d)).join(", ");
      const args = `(${[...c.ins, c.out].join(", ")}, ${geom})`;
      const call = `${c.helper(helper)}${args};`;
      const simd = POOL_SIMD[helper];
      if (simd === undefined || c.node.type.dtype !== "f32" || w.size !== 2 || w.stride !== 2) return [call];
      return [`if (!${c.helper(simd)}${args}) ${call}`];
    },
  };
}

const inShape = (c: CallCtx): readonly Dim[] => c.inputs[0]!.type.shape;
const outShape = (c: CallCtx): readonly Dim[] => c.node.type.shape;
const dyShape = (c: CallCtx): readonly Dim[] => c.inputs[1]!.type.shape;

export const CONV_KERNELS = {
  conv2d: convKernel,
  conv2d_input_grad: convKernel,
  conv2d_weight_grad: convKernel,
  maxpool2d: pool("maxpool", inShape, outShape),
  maxpool2d_grad: pool("maxpoolGrad", inShape, dyShape),
  maxpool2d_gather: pool("maxpoolGather", inShape, outShape),
  avgpool2d: pool("avgpool", inShape, outShape),
  avgpool2d_grad: pool("avgpoolGrad", outShape, inShape),
} satisfies Record<string, CallKernel>;
