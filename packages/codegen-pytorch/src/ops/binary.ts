/**
 * Elementwise binary ops on equal shapes, comparisons, where and cast. torch.maximum/minimum split the
 * gradient ½/½ on ties, as nnc's rules do; a cast to i32 truncates toward zero, as torch's does.
 */
import { attrDType } from "@nnc/ops";
import type { PyRule, PyRuleContext } from "../contract.ts";
import { elementwise, infixText, isConstText, op } from "./operand.ts";

/** `a ∘ b`, with torch's broadcasting in place of expands and constants (operand.ts). */
function infix(sym: string): PyRule {
  return {
    expr: (c: PyRuleContext) => {
      const [a, b] = elementwise(c.args) as [string, string];
      return infixText(sym, a, b);
    },
  };
}
const call = (f: string): PyRule => ({ expr: (c: PyRuleContext) => `${f}(${elementwise(c.args, [false, false]).join(", ")})` });

export const BINARY_PY = {
  add: infix("+"),
  sub: infix("-"),
  mul: infix("*"),
  div: infix("/"),
  pow: infix("**"),
  maximum: call("torch.maximum"),
  minimum: call("torch.minimum"),
  lt: infix("<"),
  le: infix("<="),
  gt: infix(">"),
  ge: infix(">="),
  eq: infix("=="),
  ne: infix("!="),
  // At most one branch becomes a literal: the other carries the result's dtype.
  where: { expr: (c) => `torch.where(${elementwise(c.args, [false, true, !isConstText(c.args[1]!)]).join(", ")})` },
  cast: {
    expr: (c) => {
      const to = attrDType(c.node.attrs, "dtype");
      const from = c.inputTypes[0]!.dtype;
      // Float ↔ float is the module dtype on both sides: nothing to convert.
      if ((to === "f32" || to === "f64") && (from === "f32" || from === "f64")) return c.args[0]!;
      return `${op(c.args[0]!)}.to(${c.py.dtypeOf(c.node.type)})`;
    },
  },
} satisfies Record<string, PyRule>;
