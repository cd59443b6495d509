/**
 * ONNX rules of the nn records. Softmax/LogSoftmax at opset ≥ 13 normalise along one axis, exactly
 * nnc's `axis` semantics. cross_entropy is −log_softmax(l)[label] (LogSoftmax is max-shifted, so
 * this equals logsumexp(l) − l[label] without overflow).
 */
import { attrDim } from "@nnc/ops";
import type { OnnxRule, OnnxRuleContext } from "../contract.ts";
import { castValue, dimScalar } from "./onnx-helpers.ts";

/** The `axis` attribute (absent: the last axis of the operand). */
function axisOf(c: OnnxRuleContext): number {
  const a = c.node.attrs.axis;
  return typeof a === "number" ? a : c.inputTypes[0]!.shape.length - 1;
}

/** cross_entropy(l: [..., C], y: i32[...]) = −GatherElements(log_softmax(l), y[..., None])[..., 0]. */
function crossEntropy(c: OnnxRuleContext): string {
  const { e } = c;
  const [logits, labels] = c.inputs as [string, string];
  const logp = e.op("LogSoftmax", [logits], { axis: { i: -1 } });
  const idx = e.op("Unsqueeze", [labels, e.ints([-1])]);
  const picked = e.op("GatherElements", [logp, idx], { axis: { i: -1 } });
  return e.op("Neg", [e.op("Squeeze", [picked, e.ints([-1])])]);
}

/** bce(z, t) = max(z, 0) − t·z + log(1 + exp(−|z|)): exp never overflows. */
function bce(c: OnnxRuleContext): string {
  const { e } = c;
  const [z, t] = c.inputs as [string, string];
  const dt = e.dtypeOf(c.inputTypes[0]!);
  const pos = e.op("Max", [z, e.scalar(dt, 0)]);
  const tail = e.op("Log", [e.op("Add", [e.scalar(dt, 1), e.op("Exp", [e.op("Neg", [e.op("Abs", [z])])])])]);
  return e.op("Add", [e.op("Sub", [pos, e.op("Mul", [t, z])]), tail]);
}

/** one_hot(y)[..., c] = (y[..., None] = c) for c in Range(0, classes), cast to the node's dtype. */
function oneHot(c: OnnxRuleContext): string {
  const { e, node } = c;
  const classes = attrDim(node.attrs, "classes");
  const range = e.op("Range", [e.scalar("i32", 0), dimScalar(e, classes, "i32"), e.scalar("i32", 1)]);
  const hit = e.op("Equal", [e.op("Unsqueeze", [c.inputs[0]!, e.ints([-1])]), range]);
  return castValue(e, hit, "bool", e.dtypeOf(node.type));
}

export const NN_ONNX = {
  softmax: { emit: (c) => c.e.op("Softmax", [c.inputs[0]!], { axis: { i: axisOf(c) } }) },
  log_softmax: { emit: (c) => c.e.op("LogSoftmax", [c.inputs[0]!], { axis: { i: axisOf(c) } }) },
  cross_entropy: { emit: crossEntropy },
  bce_with_logits: { emit: bce },
  one_hot: { emit: oneHot },
} satisfies Record<string, OnnxRule>;
