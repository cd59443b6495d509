/**
 * conv records (NCHW activations, OIHW kernels): conv2d and its two gradient ops. conv2d is bilinear,
 * and each gradient op is bilinear too, so every VJP here is again one of these three ops: they close
 * under differentiation (grad of grad works). Pool records live in pool.ts and are merged in here.
 */
import { sym, tensorType, type Attrs, type Dim, type Node } from "@nnc/ir";
import type { OpDef } from "../op-def.ts";
import { conv2dInputGradType, conv2dType, conv2dWeightGradType } from "./conv-types.ts";
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from "./conv-kernels.ts";
import { POOL_OPS } from "./pool.ts";

const f64 = (...shape: Dim[]) => tensorType("f64", shape);

/** stride and pad as the type rule accepted them (defaults 1 and 0). */
function window(attrs: Attrs): { stride: number; pad: number } {
  return { stride: typeof attrs.stride === "number" ? attrs.stride : 1, pad: typeof attrs.pad === "number" ? attrs.pad : 0 };
}

/** The tap coordinates: input row r = i·s + a − p for output row i and kernel row a. */
const TAP = "x[n,c,i·s+a−p, j·s+b−p]";

const convSamples = [
  { label: "x [2,3,5,5], k [4,3,3,3], stride 1 pad 0", x: [2, 3, 5, 5], k: [4, 3, 3, 3], stride: 1, pad: 0 },
  { label: "x [2,3,5,5], k [4,3,3,3], stride 2 pad 1", x: [2, 3, 5, 5], k: [4, 3, 3, 3], stride: 2, pad: 1 },
  { label: "stride 2 pad 1 where the floor drops a row", x: [1, 2, 6, 6], k: [3, 2, 3, 3], stride: 2, pad: 1 },
  { label: "stride 2 pad 0, 2×2 kernel, floor drops a row", x: [1, 2, 5, 5], k: [2, 2, 2, 2], stride: 2, pad: 0 },
  // OW = 5 ≥ 4 and O = 3: in f32 the generated code takes the SIMD kernels (stride 2, a masked tail, a partial filter block).
  { label: "stride 2 pad 1, 4×5 output (f32 SIMD path)", x: [1, 2, 7, 9], k: [3, 2, 3, 3], stride: 2, pad: 1 },
] as const;

/** [N, O, OH, OW] of a conv sample. */
function convOut(s: (typeof convSamples)[number]): number[] {
  const o = (h: number, k: number) => Math.floor((h + 2 * s.pad - k) / s.stride) + 1;
  return [s.x[0], s.k[0], o(s.x[2], s.k[2]), o(s.x[3], s.k[3])];
}

const conv2dDef: OpDef = {
  name: "conv2d",
  arity: 2,
  summary: "2-D cross-correlation (PyTorch conv2d), zero padding `pad`, step `stride`",
  type: conv2dType,
  evaluate: ([x, k], ctx) => {
    const w = window(ctx.attrs);
    return conv2d(x!, k!, ctx.outShape, w.stride, w.pad);
  },
  vjp: ({ b, inputs, cot, wanted, node }) => {
    const [x, k] = inputs as [Node, Node];
    const w = window(node.attrs);
    return [
      wanted[0] ? b.add("conv2d_input_grad", [cot, k.id], { ...w, inputShape: x.type.shape }) : null,
      wanted[1] ? b.add("conv2d_weight_grad", [x.id, cot], { ...w, kernelShape: k.type.shape }) : null,
    ];
  },
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = conv2d_input_grad(${n.d(n.out)}, ${n.ins[1]!})  i.e. Σ_{o,i,j} ${n.d(n.out)}[n,o,i,j]·k[o,c, h−i·s+p, w−j·s+p]`,
      why: () => `∂y[n,o,i,j]/∂x[n,c,h,w] = k[o,c, h−i·s+p, w−j·s+p] (0 where that is outside the kernel)`,
    },
    {
      formula: (n) => `${n.d(n.ins[1]!)} = conv2d_weight_grad(${n.ins[0]!}, ${n.d(n.out)})  i.e. Σ_{n,i,j} ${TAP}·${n.d(n.out)}[n,o,i,j]`,
      why: () => `∂y[n,o,i,j]/∂k[o,c,a,b] = ${TAP} (0 in the padding)`,
    },
  ],
  samples: [
    ...convSamples.map((s) => ({ label: s.label, inputs: [f64(...s.x), f64(...s.k)], attrs: { stride: s.stride, pad: s.pad } })),
    { label: "symbolic batch N", inputs: [f64(sym("N"), 2, 4, 4), f64(3, 2, 3, 3)], attrs: { stride: 1, pad: 1 } },
  ],
};

const inputGradDef: OpDef = {
  name: "conv2d_input_grad",
  arity: 2,
  summary: "transpose of conv2d in x: scatters dy through the kernel back to an input of shape `inputShape`",
  type: conv2dInputGradType,
  evaluate: ([dy, k], ctx) => {
    const w = window(ctx.attrs);
    return conv2dInputGrad(dy!, k!, ctx.outShape, w.stride, w.pad);
  },
  // z = A(dy, k) with ⟨A(dy, k), g⟩ = ⟨dy, conv2d(g, k)⟩ = ⟨k, conv2d_weight_grad(g, dy)⟩.
  vjp: ({ b, inputs, cot, wanted, node }) => {
    const [dy, k] = inputs as [Node, Node];
    const w = window(node.attrs);
    return [
      wanted[0] ? b.add("conv2d", [cot, k.id], w) : null,
      wanted[1] ? b.add("conv2d_weight_grad", [cot, dy.id], { ...w, kernelShape: k.type.shape }) : null,
    ];
  },
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = conv2d(${n.d(n.out)}, ${n.ins[1]!})`,
      why: () => `conv2d_input_grad is the transpose of x ↦ conv2d(x, k), so its own transpose is conv2d`,
    },
    {
      formula: (n) => `${n.d(n.ins[1]!)} = conv2d_weight_grad(${n.d(n.out)}, ${n.ins[0]!})`,
      why: () => `⟨conv2d_input_grad(dy, k), g⟩ = ⟨dy, conv2d(g, k)⟩, which is linear in k with gradient conv2d_weight_grad(g, dy)`,
    },
  ],
  samples: convSamples.map((s) => ({ label: s.label, inputs: [f64(...convOut(s)), f64(...s.k)], attrs: { stride: s.stride, pad: s.pad, inputShape: [...s.x] } })),
};

const weightGradDef: OpDef = {
  name: "conv2d_weight_grad",
  arity: 2,
  summary: "transpose of conv2d in k: correlates x with dy, summed over the batch, to a kernel of shape `kernelShape`",
  type: conv2dWeightGradType,
  evaluate: ([x, dy], ctx) => {
    const w = window(ctx.attrs);
    return conv2dWeightGrad(x!, dy!, ctx.outShape, w.stride, w.pad);
  },
  // z = B(x, dy) with ⟨B(x, dy), g⟩ = ⟨conv2d(x, g), dy⟩ = ⟨x, conv2d_input_grad(dy, g)⟩.
  vjp: ({ b, inputs, cot, wanted, node }) => {
    const [x, dy] = inputs as [Node, Node];
    const w = window(node.attrs);
    return [
      wanted[0] ? b.add("conv2d_input_grad", [dy.id, cot], { ...w, inputShape: x.type.shape }) : null,
      wanted[1] ? b.add("conv2d", [x.id, cot], w) : null,
    ];
  },
  vjpDoc: [
    {
      formula: (n) => `${n.d(n.ins[0]!)} = conv2d_input_grad(${n.ins[1]!}, ${n.d(n.out)})`,
      why: () => `⟨conv2d_weight_grad(x, dy), g⟩ = ⟨conv2d(x, g), dy⟩ = ⟨x, conv2d_input_grad(dy, g)⟩`,
    },
    {
      formula: (n) => `${n.d(n.ins[1]!)} = conv2d(${n.ins[0]!}, ${n.d(n.out)})`,
      why: () => `conv2d_weight_grad is the transpose of k ↦ conv2d(x, k), so its own transpose is conv2d`,
    },
  ],
  samples: convSamples.map((s) => ({ label: s.label, inputs: [f64(...s.x), f64(...convOut(s))], attrs: { stride: s.stride, pad: s.pad, kernelShape: [...s.k] } })),
};

export const CONV_OPS = {
  conv2d: conv2dDef,
  conv2d_input_grad: inputGradDef,
  conv2d_weight_grad: weightGradDef,
  ...POOL_OPS,
} satisfies Record<string, OpDef>;
