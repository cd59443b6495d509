import type { OnnxRule } from "../contract.ts";

export const RANGES_ONNX = {
  arange: { unsupported: "PLACEHOLDER: not written yet" },
  tril: { unsupported: "PLACEHOLDER: not written yet" },
  triu: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, OnnxRule>;
