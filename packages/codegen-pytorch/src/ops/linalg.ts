import type { PyRule } from "../contract.ts";

export const LINALG_PY = {
  matmul: { unsupported: "PLACEHOLDER: not written yet" },
  outer: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, PyRule>;
