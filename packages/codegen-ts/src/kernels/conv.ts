/**
 * conv2d as im2col + the tiled matmul, per image: y[n] (O × OH·OW) = K (O × C·KH·KW) · col.
 * The input gradient is col = Kᵀ·dy[n] scattered back by col2im; the weight gradient is
 * Σ_n dy[n]·colᵀ, accumulated by the matmul helper. Pools call direct window loops.
 */
import { dimMul, dimProduct, type Dim, type Node } from "@nnc/ir";
import type { CallCtx, CallKernel } from "../kernel-types.ts";
import { convWindow, four, poolWindow } from "./attrs.ts";

interface Geometry {
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

function geomArgs(c: CallCtx, g: Geometry): string {
  const w = convWindow(c.node);
  return [g.C, g.H, g.W, g.KH, g.KW, w.stride, w.pad, g.OH, g.OW].map((d) => c.dim(d)).join(", ");
}

function conv(c: CallCtx): string[] {
  const g = convGeometry(c.node, c.inputs);
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

const convKernel: CallKernel = { kind: "call", emit: conv, scratch: (node, inputs) => [colSize(convGeometry(node, inputs))] };

/** Pool geometry from the pooled (input) shape and the pooled-output shape. */
function pool(helper: "maxpool" | "maxpoolGrad" | "maxpoolGather" | "avgpool" | "avgpoolGrad", big: (c: CallCtx) => readonly Dim[], small: (c: CallCtx) => readonly Dim[]): CallKernel {
  return {
    kind: "call",
    emit: (c) => {
      const [N, C, H, W] = four(big(c));
      const [, , OH, OW] = four(small(c));
      const w = poolWindow(c.node);
      const geom = [dimMul(N, C), H, W, OH, OW, w.size, w.stride].map((d) => c.dim(d)).join(", ");
      return [`${c.helper(helper)}(${[...c.ins, c.out].join(", ")}, ${geom});`];
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
