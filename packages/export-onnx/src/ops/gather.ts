import type { OnnxRule } from "../contract.ts";

export const GATHER_ONNX = {
  take: { unsupported: "PLACEHOLDER: not written yet" },
  scatter_add: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, OnnxRule>;
