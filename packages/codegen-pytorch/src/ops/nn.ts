import type { PyRule } from "../contract.ts";

export const NN_PY = {
  softmax: { unsupported: "PLACEHOLDER: not written yet" },
  log_softmax: { unsupported: "PLACEHOLDER: not written yet" },
  cross_entropy: { unsupported: "PLACEHOLDER: not written yet" },
  bce_with_logits: { unsupported: "PLACEHOLDER: not written yet" },
  one_hot: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, PyRule>;
