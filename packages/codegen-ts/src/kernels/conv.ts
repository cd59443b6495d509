/**
 * conv2d as im2col + the tiled matmul, per image: y[n] (O × OH·OW) = K (O × C·KH·KW) · col.
 * The input gradient is col = Kᵀ·dy[n] scattered back by col2im; the weight gradient is
 * Σ_n dy[n]·colᵀ, accumulated by the matmul helper. Pools call direct window loops.
 * Each op's record names its im2col-free WebAssembly SIMD helper (../wasm/conv-simd.ts, conv-pool.ts)
 * and the windows it covers: in f32 programs it runs first (./simd-first.ts) and returns false where it
 * cannot (no WebAssembly SIMD, OW < 4); the scalar code is the reference and the fallback.
 */
import { dimAdd, dimMul, dimProduct, type Dim, type Node } from "@nnc/ir";
import type { HelperName } from "../helpers/table.ts";
import type { CallCtx, CallKernel, SimdStandIn } from "../kernel-types.ts";
import { convWindow, four, poolWindow } from "./attrs.ts";
import { simdApplies, simdFirst } from "./simd-first.ts";

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

const colSize = (g: Geometry): Dim => dimProduct([g.C, g.KH, g.KW, g.OH, g.OW]);

/** A count rounded up to a multiple of 4 (a symbolic one over-estimated by 3). */
const up4 = (d: Dim): Dim => (typeof d === "number" ? Math.ceil(d / 4) * 4 : dimAdd(d, 3));

/** One image of `channels` planes padded by ph rows and pw columns on each side (0 floats without padding). */
const paddedImage = (channels: Dim, h: Dim, w: Dim, ph: number, pw: number): Dim => (ph === 0 && pw === 0 ? 0 : dimProduct([channels, dimAdd(h, 2 * ph), dimAdd(w, 2 * pw)]));

type Window = ReturnType<typeof convWindow>;

/** One conv-family op: where its geometry comes from, its im2col + matmul code, and its SIMD kernel. */
interface ConvRecord {
  /** (x, kernel, y) shapes from the operands, attributes or output. */
  readonly geometry: (node: Node, inputs: readonly Node[]) => Geometry;
  /** The im2col + matmul code, per image (`col`: the im2col scratch; `geom`: the im2col helpers' geometry arguments). */
  readonly scalar: (c: CallCtx, g: Geometry, col: string, geom: string) => string[];
  readonly simd: {
    readonly helper: HelperName;
    /**
     * Floats of scratch the helper needs (filters packed by blocks of 4 and one padded image, see
     * ../helpers/conv.ts), or null where it has no kernel for the window.
     */
    readonly scratch: (g: Geometry, w: Window) => Dim | null;
  };
}

/** The loop over the N images of the batch around `body`. */
const perImage = (c: CallCtx, g: Geometry, body: readonly string[]): string[] => [`for (let _n = 0; _n < ${c.dim(g.N)}; _n++) {`, ...body.map((l) => `  ${l}`), `}`];

const strides12 = (w: Window): boolean => w.stride === 1 || w.stride === 2;
const attrShape = (node: Node, name: string): readonly Dim[] => node.attrs[name] as readonly Dim[];

/** The three conv-family ops (y = conv2d(x, K); dx = the input gradient from dy and K; dK = the filter gradient from x and dy). */
const CONV: Record<"conv2d" | "conv2d_input_grad" | "conv2d_weight_grad", ConvRecord> = {
  conv2d: {
    geometry: (node, inputs) => geometry(inputs[0]!.type.shape, inputs[1]!.type.shape, node.type.shape),
    scalar: (c, g, col, geom) => {
      const [x, K, y] = [c.ins[0]!, c.ins[1]!, c.out];
      const ohw = c.dim(dimMul(g.OH, g.OW));
      const image = `_n * ${c.dim(dimProduct([g.C, g.H, g.W]))}`;
      return perImage(c, g, [`${c.helper("im2col")}(${x}, ${image}, ${col}, ${geom});`, `${c.helper("mmNN")}(${K}, 0, ${col}, 0, ${y}, _n * ${c.dim(dimProduct([g.O, g.OH, g.OW]))}, ${c.dim(g.O)}, ${ohw}, ${c.dim(dimProduct([g.C, g.KH, g.KW]))}, false);`]);
    },
    simd: {
      helper: "conv2dSimd",
      scratch: (g, w) => (strides12(w) ? dimAdd(dimMul(up4(g.O), dimProduct([g.C, g.KH, g.KW])), paddedImage(g.C, g.H, g.W, w.pad, w.pad)) : null),
    },
  },
  conv2d_input_grad: {
    geometry: (node, inputs) => geometry(attrShape(node, "inputShape"), inputs[1]!.type.shape, inputs[0]!.type.shape),
    scalar: (c, g, col, geom) => {
      const [dy, K, dx] = [c.ins[0]!, c.ins[1]!, c.out];
      const ckk = c.dim(dimProduct([g.C, g.KH, g.KW]));
      return [
        `${dx}.fill(0, 0, ${c.dim(dimProduct([g.N, g.C, g.H, g.W]))});`,
        ...perImage(c, g, [`${c.helper("mmTN")}(${K}, 0, ${dy}, _n * ${c.dim(dimProduct([g.O, g.OH, g.OW]))}, ${col}, 0, ${ckk}, ${c.dim(dimMul(g.OH, g.OW))}, ${c.dim(g.O)}, false);`, `${c.helper("col2im")}(${col}, ${dx}, _n * ${c.dim(dimProduct([g.C, g.H, g.W]))}, ${geom});`]),
      ];
    },
    simd: {
      helper: "conv2dInputGradSimd",
      // Stride 1 only: the gradient is then a forward convolution of dy padded by K − 1 − pad (so pad < K).
      scratch: (g, w) =>
        w.stride !== 1 || typeof g.KH !== "number" || typeof g.KW !== "number" || w.pad >= g.KH || w.pad >= g.KW
          ? null
          : dimAdd(dimMul(up4(g.C), dimProduct([g.O, g.KH, g.KW])), paddedImage(g.O, g.OH, g.OW, g.KH - 1 - w.pad, g.KW - 1 - w.pad)),
    },
  },
  conv2d_weight_grad: {
    geometry: (node, inputs) => geometry(inputs[0]!.type.shape, attrShape(node, "kernelShape"), inputs[1]!.type.shape),
    scalar: (c, g, col, geom) => {
      const [x, dy, dK] = [c.ins[0]!, c.ins[1]!, c.out];
      const image = `_n * ${c.dim(dimProduct([g.C, g.H, g.W]))}`;
      return perImage(c, g, [`${c.helper("im2col")}(${x}, ${image}, ${col}, ${geom});`, `${c.helper("mmNT")}(${dy}, _n * ${c.dim(dimProduct([g.O, g.OH, g.OW]))}, ${col}, 0, ${dK}, 0, ${c.dim(g.O)}, ${c.dim(dimProduct([g.C, g.KH, g.KW]))}, ${c.dim(dimMul(g.OH, g.OW))}, _n > 0);`]);
    },
    simd: { helper: "conv2dWeightGradSimd", scratch: (g, w) => (strides12(w) ? dimAdd(paddedImage(g.C, g.H, g.W, w.pad, w.pad), 4) : null) },
  },
};

export type ConvOp = keyof typeof CONV;

/** The floats of scratch the SIMD kernel of `op` plans for geometry g (null: none), for the helper test, which sizes the scratch exactly so. */
export function simdScratchFloats(op: ConvOp, g: Geometry, stride: number, pad: number): Dim | null {
  return CONV[op].simd.scratch(g, { stride, pad });
}

function convKernel(r: ConvRecord): CallKernel {
  const simdScratch = (node: Node, inputs: readonly Node[]): Dim | null => r.simd.scratch(r.geometry(node, inputs), convWindow(node));
  const simd: SimdStandIn = { helper: r.simd.helper, applies: (node, inputs) => simdScratch(node, inputs) !== null };
  return {
    kind: "call",
    simd,
    // [the im2col column, then the SIMD kernel's scratch where it applies]
    scratch: (node, inputs) => {
      const g = r.geometry(node, inputs);
      const extra = simdApplies(simd, node, inputs) ? simdScratch(node, inputs) : null;
      return extra === null ? [colSize(g)] : [colSize(g), extra];
    },
    emit: (c) => {
      const g = r.geometry(c.node, c.inputs);
      const w = convWindow(c.node);
      const im2colGeom = [g.C, g.H, g.W, g.KH, g.KW, w.stride, w.pad, g.OH, g.OW].map((d) => c.dim(d)).join(", ");
      const scalar = r.scalar(c, g, c.scratch[0]!, im2colGeom);
      const geom = [g.N, g.C, g.H, g.W, g.O, g.KH, g.KW, w.stride, w.pad, g.OH, g.OW].map((d) => c.dim(d)).join(", ");
      return simdFirst(c, simd, `${c.ins[0]!}, ${c.ins[1]!}, ${c.out}, ${c.scratch[1] ?? ""}, ${geom}`, scalar);
    },
  };
}

type PoolHelper = "maxpool" | "maxpoolGrad" | "maxpoolGather" | "avgpool" | "avgpoolGrad";

/** The max-pool SIMD kernels (../wasm/conv-pool.ts) have 2×2 windows at stride 2 only. */
const twoByTwo = (node: Node): boolean => {
  const w = poolWindow(node);
  return w.size === 2 && w.stride === 2;
};

/** A pool op: its scalar window helper, the (input, pooled) shapes, and the SIMD helper standing in for it, where there is one. */
function pool(helper: PoolHelper, big: (c: CallCtx) => readonly Dim[], small: (c: CallCtx) => readonly Dim[], simdHelper?: HelperName): CallKernel {
  const simd: SimdStandIn | undefined = simdHelper === undefined ? undefined : { helper: simdHelper, applies: twoByTwo };
  return {
    kind: "call",
    ...(simd === undefined ? {} : { simd }),
    emit: (c) => {
      const [N, C, H, W] = four(big(c));
      const [, , OH, OW] = four(small(c));
      const w = poolWindow(c.node);
      const geom = [dimMul(N, C), H, W, OH, OW, w.size, w.stride].map((d) => c.dim(d)).join(", ");
      const args = `${[...c.ins, c.out].join(", ")}, ${geom}`;
      return simdFirst(c, simd, args, [`${c.helper(helper)}(${args});`]);
    },
  };
}

const inShape = (c: CallCtx): readonly Dim[] => c.inputs[0]!.type.shape;
const outShape = (c: CallCtx): readonly Dim[] => c.node.type.shape;
const dyShape = (c: CallCtx): readonly Dim[] => c.inputs[1]!.type.shape;

export const CONV_KERNELS = {
  conv2d: convKernel(CONV.conv2d),
  conv2d_input_grad: convKernel(CONV.conv2d_input_grad),
  conv2d_weight_grad: convKernel(CONV.conv2d_weight_grad),
  maxpool2d: pool("maxpool", inShape, outShape, "maxpoolSimd"),
  maxpool2d_grad: pool("maxpoolGrad", inShape, dyShape, "maxpoolGradSimd"),
  maxpool2d_gather: pool("maxpoolGather", inShape, outShape),
  avgpool2d: pool("avgpool", inShape, outShape),
  avgpool2d_grad: pool("avgpoolGrad", outShape, inShape),
} satisfies Record<string, CallKernel>;
