import type { PyRule } from "../contract.ts";

export const UNARY_PY = {
  neg: { unsupported: "PLACEHOLDER: not written yet" },
  exp: { unsupported: "PLACEHOLDER: not written yet" },
  log: { unsupported: "PLACEHOLDER: not written yet" },
  sqrt: { unsupported: "PLACEHOLDER: not written yet" },
  abs: { unsupported: "PLACEHOLDER: not written yet" },
  sign: { unsupported: "PLACEHOLDER: not written yet" },
  relu: { unsupported: "PLACEHOLDER: not written yet" },
  leaky_relu: { unsupported: "PLACEHOLDER: not written yet" },
  sigmoid: { unsupported: "PLACEHOLDER: not written yet" },
  tanh: { unsupported: "PLACEHOLDER: not written yet" },
  softplus: { unsupported: "PLACEHOLDER: not written yet" },
  erf: { unsupported: "PLACEHOLDER: not written yet" },
  sin: { unsupported: "PLACEHOLDER: not written yet" },
  cos: { unsupported: "PLACEHOLDER: not written yet" },
  elu: { unsupported: "PLACEHOLDER: not written yet" },
  stop_gradient: { unsupported: "PLACEHOLDER: not written yet" },
} satisfies Record<string, PyRule>;
