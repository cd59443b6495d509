import type { PyRule } from "../contract.ts";

export const BINARY_PY = {
  add: { unsupported: "PLACEHOLDER: not written yet" },
  sub: { unsupported: "PLACEHOLDER: not written yet" },
  mul: { unsupported: "PLACEHOLDER: not written yet" },
  div: { unsupported: "PLACEHOLDER: not written yet" },
  pow: { unsupported: "PLACEHOLDER: not written yet" },
  maximum: { unsupported: "PLACEHOLDER: not written yet" },
  minimum: { unsupported: "PLACEHOLDER: not written yet" },
  lt: { unsupported: "PLACEHOLDER: not written yet" },
  le: { unsupported: "PLACEHOLDER: not written yet" },
  gt: { unsupported: "PLACEHOLDER: not written yet" },
  ge: { unsupported: "PLACEHOLDER: not written yet" },
  eq: { unsupported: "PLACEHOLDER: not written yet" },
  ne: { unsupported: "PLACEHOLDER: not written yet" },
  where: { unsupported: "PLACEHOLDER: not written yet" },
  cast: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, PyRule>;
