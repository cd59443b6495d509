import type { PyRule } from "../contract.ts";

export const SHAPE_PY = {
  broadcast: { unsupported: "PLACEHOLDER: not written yet" },
  reshape: { unsupported: "PLACEHOLDER: not written yet" },
  transpose: { unsupported: "PLACEHOLDER: not written yet" },
  concat: { unsupported: "PLACEHOLDER: not written yet" },
  slice: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, PyRule>;
