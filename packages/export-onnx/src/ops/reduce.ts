import type { OnnxRule } from "../contract.ts";

export const REDUCE_ONNX = {
  reduce_sum: { unsupported: "PLACEHOLDER: not written yet" },
  reduce_mean: { unsupported: "PLACEHOLDER: not written yet" },
  reduce_max: { unsupported: "PLACEHOLDER: not written yet" },
  reduce_min: { unsupported: "PLACEHOLDER: not written yet" },
  logsumexp: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, OnnxRule>;
