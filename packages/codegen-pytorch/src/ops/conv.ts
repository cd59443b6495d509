import type { PyRule } from "../contract.ts";

export const CONV_PY = {
  conv2d: { unsupported: "PLACEHOLDER: not written yet" },
  conv2d_input_grad: { unsupported: "PLACEHOLDER: not written yet" },
  conv2d_weight_grad: { unsupported: "PLACEHOLDER: not written yet" },
  maxpool2d: { unsupported: "PLACEHOLDER: not written yet" },
  maxpool2d_grad: { unsupported: "PLACEHOLDER: not written yet" },
  maxpool2d_gather: { unsupported: "PLACEHOLDER: not written yet" },
  avgpool2d: { unsupported: "PLACEHOLDER: not written yet" },
  avgpool2d_grad: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, PyRule>;
