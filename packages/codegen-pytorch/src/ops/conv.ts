/**
 * Convolutions and pools (NCHW, OIHW). The backward-only ops are written with differentiable torch
 * ops (conv_transpose2d, a dilated conv2d, scatter/gather at max_pool2d's indices), so they have
 * gradients too. torch's max_pool2d keeps the first maximum of a window, as nnc does.
 */
import { attrDims } from "@nnc/ops";
import type { PyRule, PyRuleContext } from "../contract.ts";

const stride = (c: PyRuleContext): number => (typeof c.node.attrs.stride === "number" ? c.node.attrs.stride : 1);
const pad = (c: PyRuleContext): number => (typeof c.node.attrs.pad === "number" ? c.node.attrs.pad : 0);
const size = (c: PyRuleContext): number => (typeof c.node.attrs.size === "number" ? c.node.attrs.size : 2);
const poolStride = (c: PyRuleContext): number => (typeof c.node.attrs.stride === "number" ? c.node.attrs.stride : size(c));

/** The last two dims of a shape attribute, as a Python pair. */
function lastTwo(c: PyRuleContext, name: string): string {
  const s = attrDims(c.node.attrs, name);
  return `(${c.py.dim(s[s.length - 2]!)}, ${c.py.dim(s[s.length - 1]!)})`;
}

export const CONV_PY = {
  conv2d: { expr: (c) => `F.conv2d(${c.args[0]!}, ${c.args[1]!}, stride=${stride(c)}, padding=${pad(c)})` },
  conv2d_input_grad: {
    expr: (c) => `${c.py.helper("conv2d_input_grad")}(${c.args[0]!}, ${c.args[1]!}, ${lastTwo(c, "inputShape")}, ${stride(c)}, ${pad(c)})`,
  },
  conv2d_weight_grad: {
    expr: (c) => `${c.py.helper("conv2d_weight_grad")}(${c.args[0]!}, ${c.args[1]!}, ${lastTwo(c, "kernelShape")}, ${stride(c)}, ${pad(c)})`,
  },
  maxpool2d: { expr: (c) => `F.max_pool2d(${c.args[0]!}, ${size(c)}, ${poolStride(c)})` },
  maxpool2d_grad: { expr: (c) => `${c.py.helper("maxpool2d_grad")}(${c.args[0]!}, ${c.args[1]!}, ${size(c)}, ${poolStride(c)})` },
  maxpool2d_gather: { expr: (c) => `${c.py.helper("maxpool2d_gather")}(${c.args[0]!}, ${c.args[1]!}, ${size(c)}, ${poolStride(c)})` },
  avgpool2d: { expr: (c) => `F.avg_pool2d(${c.args[0]!}, ${size(c)}, ${poolStride(c)})` },
  avgpool2d_grad: { expr: (c) => `${c.py.helper("avgpool2d_grad")}(${c.args[0]!}, ${lastTwo(c, "inputShape")}, ${size(c)}, ${poolStride(c)})` },
} satisfies Record<string, PyRule>;
