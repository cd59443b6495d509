import type { PyRule } from "../contract.ts";

export const GATHER_PY = {
  take: { unsupported: "PLACEHOLDER: not written yet" },
  scatter_add: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, PyRule>;
