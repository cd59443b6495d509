import type { PyRule } from "../contract.ts";

export const SOURCES_PY = {
  input: { unsupported: "PLACEHOLDER: not written yet" },
  param: { unsupported: "PLACEHOLDER: not written yet" },
  buffer: { unsupported: "PLACEHOLDER: not written yet" },
  training: { unsupported: "PLACEHOLDER: not written yet" },
  const: { unsupported: "PLACEHOLDER: not written yet" },
  dimsize: { unsupported: "PLACEHOLDER: not written yet" },
  dropout_mask: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, PyRule>;
