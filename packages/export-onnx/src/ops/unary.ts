/** Elementwise unary ops: one ONNX op each, softplus in the stable form of OPS.md. */
import { attrNumber } from "@nnc/ops";
import type { OnnxEmitRule, OnnxRule, OnnxRuleContext } from "../contract.ts";

/** The ONNX op of the same meaning applied to the operand. */
const same = (opType: string): OnnxEmitRule => ({ emit: ({ e, inputs }) => e.op(opType, [inputs[0]!]) });

/**
 * An ONNX op with the node's float attribute `alpha`. ONNX float attributes are float32, so when
 * that would round alpha in a double export, x > 0 ? x : negative(x, alpha) is built with alpha as
 * a double constant instead.
 */
const withAlpha = (opType: string, negative: (c: OnnxRuleContext, alpha: string) => string): OnnxEmitRule => ({
  emit: (c) => {
    const { e, inputs, node } = c;
    const alpha = attrNumber(node.attrs, "alpha");
    const x = inputs[0]!;
    if (e.float !== "f64" || Math.fround(alpha) === alpha) return e.op(opType, [x], { alpha: { f: alpha } });
    const dtype = e.dtypeOf(node.type);
    const positive = e.op("Greater", [x, e.scalar(dtype, 0)]);
    return e.op("Where", [positive, x, negative(c, e.scalar(dtype, alpha))]);
  },
});

/** leaky_relu's x ≤ 0 branch: αx. */
const leaky = ({ e, inputs }: OnnxRuleContext, alpha: string): string => e.op("Mul", [alpha, inputs[0]!]);

/** elu's x ≤ 0 branch: α(eˣ − 1). */
const elu = ({ e, inputs, node }: OnnxRuleContext, alpha: string): string =>
  e.op("Mul", [alpha, e.op("Sub", [e.op("Exp", [inputs[0]!]), e.scalar(e.dtypeOf(node.type), 1)])]);

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
  leaky_relu: withAlpha("LeakyRelu", leaky),
  // ONNX Sigmoid is 1/(1+e^−x) evaluated stably by the runtimes (no overflow on either tail).
  sigmoid: same("Sigmoid"),
  tanh: same("Tanh"),
  softplus: { emit: softplus },
  erf: { ...same("Erf"), ortFloatOnly: "Erf" },
  sin: same("Sin"),
  cos: same("Cos"),
  elu: { ...withAlpha("Elu", elu), ortFloatOnly: "Elu" },
  stop_gradient: same("Identity"),
} satisfies Record<string, OnnxRule>;
