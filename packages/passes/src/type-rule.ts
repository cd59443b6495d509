import type { Attrs, TensorType, TypeRule } from "@nnc/ir";
import { isTypeError, type OpLookup } from "@nnc/ops";

/** The verifier's type rule from the op table: unknown ops, wrong arity and rule errors are problems. */
export function typeRuleOf(lookup: OpLookup): TypeRule {
  return (op: string, inputs: readonly TensorType[], attrs: Attrs) => {
    const def = lookup(op);
    if (def === undefined) return { error: `unknown op '${op}'` };
    if (def.arity !== "variadic" && def.arity !== inputs.length) return { error: `takes ${def.arity} operands, got ${inputs.length}` };
    try {
      const t = def.type(inputs, attrs);
      return isTypeError(t) ? { error: t.error } : t;
    } catch (e) {
      // Some rules throw on malformed attributes (a compiler bug upstream); the verifier reports it.
      return { error: e instanceof Error ? e.message : String(e) };
    }
  };
}
