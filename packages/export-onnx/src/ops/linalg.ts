import type { OnnxRule } from "../contract.ts";

export const LINALG_ONNX = {
  matmul: { unsupported: "PLACEHOLDER: not written yet" },
  outer: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, OnnxRule>;
