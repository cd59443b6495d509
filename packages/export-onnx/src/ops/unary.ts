/** Elementwise unary ops: one ONNX op each, softplus in the stable form of OPS.md. */
import { attrNumber } from "@nnc/ops";
import type { OnnxRule, OnnxRuleContext } from "../contract.ts";

/** The ONNX op of the same meaning applied to the operand. */
const same = (opType: string): OnnxRule => ({ emit: ({ e, inputs }) => e.op(opType, [inputs[0]!]) });

/** An ONNX op with one float attribute taken from the node's attribute of the same name. */
const withAlpha = (opType: string): OnnxRule => ({
  emit: ({ e, inputs, node }) => e.op(opType, [inputs[0]!], { alpha: { f: attrNumber(node.attrs, "alpha") } }),
});

/** softplus(x) = max(x, 0) + log(1 + exp(−|x|)): never exponentiates a positive number. */
function softplus({ e, inputs, node }: OnnxRuleContext): string {
  const x = inputs[0]!;
  const one = e.scalar(e.dtypeOf(node.type), 1);
  const tail = e.op("Log", [e.op("Add", [one, e.op("Exp", [e.op("Neg", [e.op("Abs", [x])])])])]);
  return e.op("Add", [e.op("Relu", [x]), tail]);
}

export const UNARY_ONNX = {
  neg: same("Neg"),
  exp: same("Exp"),
  log: same("Log"),
  sqrt: same("Sqrt"),
  abs: same("Abs"),
  sign: same("Sign"),
  relu: same("Relu"),
  leaky_relu: withAlpha("LeakyRelu"),
  // ONNX Sigmoid is 1/(1+e^−x) evaluated stably by the runtimes (no overflow on either tail).
  sigmoid: same("Sigmoid"),
  tanh: same("Tanh"),
  softplus: { emit: softplus },
  erf: same("Erf"),
  sin: same("Sin"),
  cos: same("Cos"),
  elu: withAlpha("Elu"),
  stop_gradient: same("Identity"),
} satisfies Record<string, OnnxRule>;
