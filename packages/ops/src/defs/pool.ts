/**
 * Pool records (NCHW, no padding, window size×size, step `stride`, default stride = size).
 * maxpool2d routes its cotangent to the FIRST maximum of each window in row-major order (ties go to
 * the earliest tap); overlapping windows accumulate. maxpool2d_grad is linear in its cotangent, and
 * its transpose is maxpool2d_gather (read g at each window's argmax); the two are each other's VJP.
 * avgpool2d and avgpool2d_grad are transposes of each other. The argmax is piecewise constant in x,
 * so no rule here gives x a gradient except maxpool2d itself.
 */
import { tensorType, type Attrs, type Dim } from "@nnc/ir";
import type { OpDef } from "../op-def.ts";
import { avgpoolGradType, maxpoolPairType, poolType } from "./conv-types.ts";
import { avgpool2d, avgpool2dGrad, maxpool2d, maxpool2dGather, maxpool2dGrad } from "./conv-kernels.ts";

const f64 = (...shape: Dim[]) => tensorType("f64", shape);

/** size and stride as the type rule accepted them (stride defaults to size). */
function window(attrs: Attrs): { size: number; stride: number } {
  const size = typeof attrs.size === "number" ? attrs.size : 2;
  return { size, stride: typeof attrs.stride === "number" ? attrs.stride : size };
}

const poolSamples = [
  { label: "x [2,3,4,4], size 2", x: [2, 3, 4, 4], size: 2, stride: 2 },
  { label: "overlapping windows: size 3 stride 1", x: [1, 2, 5, 5], size: 3, stride: 1 },
  { label: "size 2 stride 2 where the floor drops a row", x: [1, 2, 5, 5], size: 2, stride: 2 },
  // OW = 5 ≥ 4 with odd H and W: in f32 the generated code takes the SIMD kernels, and the last row and column get no gradient.
  { label: "size 2 stride 2, odd 5×11 planes (f32 SIMD path)", x: [1, 2, 5, 11], size: 2, stride: 2 },
] as const;

/** [N, C, OH, OW] of a pool sample. */
function pooled(s: (typeof poolSamples)[number]): number[] {
  const o = (h: number) => Math.floor((h - s.size) / s.stride) + 1;
  return [s.x[0], s.x[1], o(s.x[2]), o(s.x[3])];
}

const maxpoolDef: OpDef = {
  name: "maxpool2d",
  arity: 1,
  summary: "max over each size×size window (step stride)",
  type: poolType("maxpool2d"),
  evaluate: ([x], ctx) => {
    const w = window(ctx.attrs);
    return maxpool2d(x!, ctx.outShape, w.size, w.stride);
  },
  vjp: ({ b, inputs, cot, wanted, node }) => [wanted[0] ? b.add("maxpool2d_grad", [inputs[0]!.id, cot], window(node.attrs)) : null],
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = maxpool2d_grad(${n.ins[0]!}, ${n.d(n.out)}): each ${n.d(n.out)}[n,c,i,j] added at its window's first maximum`,
      why: (n) => `∂${n.out}[n,c,i,j]/∂${n.ins[0]!}[n,c,h,w] = 1 if (h, w) is the first maximum of window (i, j), else 0`,
    },
  ],
  samples: poolSamples.map((s) => ({ label: s.label, inputs: [f64(...s.x)], attrs: { size: s.size, stride: s.stride } })),
};

const maxpoolGradDef: OpDef = {
  name: "maxpool2d_grad",
  arity: 2,
  summary: "routes dy to the first maximum of each window of x (overlapping windows accumulate)",
  type: maxpoolPairType("maxpool2d_grad"),
  evaluate: ([x, dy], ctx) => {
    const w = window(ctx.attrs);
    return maxpool2dGrad(x!, dy!, w.size, w.stride);
  },
  vjp: ({ b, inputs, cot, wanted, node }) => [null, wanted[1] ? b.add("maxpool2d_gather", [inputs[0]!.id, cot], window(node.attrs)) : null],
  vjpDoc: [
    null,
    {
      formula: (n) => `${n.d(n.ins[1]!)} = maxpool2d_gather(${n.ins[0]!}, ${n.d(n.out)}): ${n.d(n.out)} read at each window's first maximum`,
      why: (n) => `${n.out} is linear in ${n.ins[1]!} with a 0/1 routing matrix R; the transpose Rᵀ gathers (no gradient to ${n.ins[0]!}: the routing is piecewise constant)`,
    },
  ],
  samples: poolSamples.map((s) => ({ label: s.label, inputs: [f64(...s.x), f64(...pooled(s))], attrs: { size: s.size, stride: s.stride } })),
};

const maxpoolGatherDef: OpDef = {
  name: "maxpool2d_gather",
  arity: 2,
  summary: "reads g at the first maximum of each window of x: the pooled shape (transpose of maxpool2d_grad)",
  type: maxpoolPairType("maxpool2d_gather"),
  evaluate: ([x, g], ctx) => {
    const w = window(ctx.attrs);
    return maxpool2dGather(x!, g!, ctx.outShape, w.size, w.stride);
  },
  vjp: ({ b, inputs, cot, wanted, node }) => [null, wanted[1] ? b.add("maxpool2d_grad", [inputs[0]!.id, cot], window(node.attrs)) : null],
  vjpDoc: [
    null,
    {
      formula: (n) => `${n.d(n.ins[1]!)} = maxpool2d_grad(${n.ins[0]!}, ${n.d(n.out)})`,
      why: (n) => `${n.out} = Rᵀ·${n.ins[1]!} for the 0/1 routing matrix R of maxpool2d_grad, whose transpose is R`,
    },
  ],
  samples: poolSamples.map((s) => ({ label: s.label, inputs: [f64(...s.x), f64(...s.x)], attrs: { size: s.size, stride: s.stride } })),
};

const avgpoolDef: OpDef = {
  name: "avgpool2d",
  arity: 1,
  summary: "mean over each size×size window (step stride)",
  type: poolType("avgpool2d"),
  evaluate: ([x], ctx) => {
    const w = window(ctx.attrs);
    return avgpool2d(x!, ctx.outShape, w.size, w.stride);
  },
  vjp: ({ b, inputs, cot, wanted, node }) => [wanted[0] ? b.add("avgpool2d_grad", [cot], { ...window(node.attrs), inputShape: inputs[0]!.type.shape }) : null],
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = avgpool2d_grad(${n.d(n.out)}): each ${n.d(n.out)}[n,c,i,j]/size² spread over its window`,
      why: (n) => `∂${n.out}[n,c,i,j]/∂${n.ins[0]!}[n,c,h,w] = 1/size² if (h, w) lies in window (i, j), else 0`,
    },
  ],
  samples: poolSamples.map((s) => ({ label: s.label, inputs: [f64(...s.x)], attrs: { size: s.size, stride: s.stride } })),
};

const avgpoolGradDef: OpDef = {
  name: "avgpool2d_grad",
  arity: 1,
  summary: "spreads dy/size² over each window of an input of shape `inputShape` (overlaps accumulate)",
  type: avgpoolGradType,
  evaluate: ([dy], ctx) => {
    const w = window(ctx.attrs);
    return avgpool2dGrad(dy!, ctx.outShape, w.size, w.stride);
  },
  vjp: ({ b, cot, wanted, node }) => [wanted[0] ? b.add("avgpool2d", [cot], window(node.attrs)) : null],
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = avgpool2d(${n.d(n.out)})`,
      why: () => `avgpool2d_grad is the transpose of the linear map avgpool2d, so its transpose is avgpool2d`,
    },
  ],
  samples: poolSamples.map((s) => ({ label: s.label, inputs: [f64(...pooled(s))], attrs: { size: s.size, stride: s.stride, inputShape: [...s.x] } })),
};

export const POOL_OPS = {
  maxpool2d: maxpoolDef,
  maxpool2d_grad: maxpoolGradDef,
  maxpool2d_gather: maxpoolGatherDef,
  avgpool2d: avgpoolDef,
  avgpool2d_grad: avgpoolGradDef,
} satisfies Record<string, OpDef>;

