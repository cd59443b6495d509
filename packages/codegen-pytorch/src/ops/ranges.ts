import type { PyRule } from "../contract.ts";

export const RANGES_PY = {
  arange: { unsupported: "PLACEHOLDER: not written yet" },
  tril: { unsupported: "PLACEHOLDER: not written yet" },
  triu: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, PyRule>;
