/**
 * Reductions over `axes` with `keepdims`. No axes is the identity (torch would reduce everything).
 * amax/amin split the gradient equally among tied extrema, as nnc's rules do.
 */
import { attrBool, attrInts } from "@nnc/ops";
import type { PyRule, PyRuleContext } from "../contract.ts";
import { op } from "./operand.ts";

function reduce(method: (x: string, dims: string) => string): PyRule {
  return {
    expr: (c: PyRuleContext) => {
      const rank = c.inputTypes[0]!.shape.length;
      const axes = c.node.attrs.axes === undefined ? Array.from({ length: rank }, (_, i) => i) : attrInts(c.node.attrs, "axes");
      const x = op(c.args[0]!);
      if (axes.length === 0) return x;
      const keep = attrBool(c.node.attrs, "keepdims");
      const dims = axes.length === 1 ? String(axes[0]) : `(${axes.join(", ")})`;
      return method(x, `${dims}${keep ? ", keepdim=True" : ""}`);
    },
  };
}

export const REDUCE_PY = {
  reduce_sum: reduce((x, d) => `${x}.sum(${d})`),
  reduce_mean: reduce((x, d) => `${x}.mean(${d})`),
  reduce_max: reduce((x, d) => `${x}.amax(${d})`),
  reduce_min: reduce((x, d) => `${x}.amin(${d})`),
  logsumexp: reduce((x, d) => `torch.logsumexp(${x}, ${d})`),
} satisfies Record<string, PyRule>;
