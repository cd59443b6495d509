/** Normalisers and losses in their stable forms (torch's softmax/log_softmax are max-shifted, as nnc's). */
import { attrDim } from "@nnc/ops";
import type { PyRule, PyRuleContext } from "../contract.ts";
import { infixText, op } from "./operand.ts";

const axis = (c: PyRuleContext): number => (typeof c.node.attrs.axis === "number" ? c.node.attrs.axis : -1);

export const NN_PY = {
  softmax: { expr: (c) => `torch.softmax(${c.args[0]!}, dim=${axis(c)})` },
  log_softmax: { expr: (c) => `torch.log_softmax(${c.args[0]!}, dim=${axis(c)})` },
  cross_entropy: { expr: (c) => `${c.py.helper("cross_entropy")}(${c.args[0]!}, ${c.args[1]!})` },
  // max(z, 0) − t·z + log1p(e^−|z|) = softplus(z) − t·z
  bce_with_logits: { expr: (c) => `${c.py.helper("softplus")}(${c.args[0]!}) - ${infixText("*", c.args[1]!, c.args[0]!)}` },
  one_hot: { expr: (c) => `F.one_hot(${op(c.args[0]!)}.long(), ${c.py.dim(attrDim(c.node.attrs, "classes"))}).to(${c.py.dtypeOf(c.node.type)})` },
} satisfies Record<string, PyRule>;
