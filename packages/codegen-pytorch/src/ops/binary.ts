/**
 * Elementwise binary ops on equal shapes, comparisons, where and cast. torch.maximum/minimum split the
 * gradient ½/½ on ties, as nnc's rules do; a cast to i32 truncates toward zero, as torch's does.
 */
import { attrDType } from "@nnc/ops";
import type { PyRule, PyRuleContext } from "../contract.ts";
import { literalOf, op } from "./operand.ts";

/**
 * `a ∘ b`. Operands of elementwise ops have equal shapes, so a constant operand (the const rule's
 * `torch.full(shape, v, …)`) may be written as the bare literal `v` when the other operand is not
 * one: broadcasting the literal gives the same values, shape and dtype, and it reads like the `.nn` file.
 */
function infix(sym: string): PyRule {
  return {
    expr: (c: PyRuleContext) => {
      const [a, b] = [literalOf(c.args[0]!), literalOf(c.args[1]!)];
      const x = a !== undefined && b === undefined ? op(a) : op(c.args[0]!);
      const y = b !== undefined && a === undefined ? op(b) : op(c.args[1]!);
      return `${x} ${sym} ${y}`;
    },
  };
}
const call = (f: string): PyRule => ({ expr: (c: PyRuleContext) => `${f}(${c.args[0]!}, ${c.args[1]!})` });

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
  where: { expr: (c) => `torch.where(${c.args[0]!}, ${c.args[1]!}, ${c.args[2]!})` },
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
