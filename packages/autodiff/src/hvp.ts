import type { Diagnostic } from "@nnc/diagnostics";
import type { Graph } from "@nnc/ir";
import { GraphBuilder, lookupOp, type OpLookup } from "@nnc/ops";
import { differentiate } from "./differentiate.ts";

export interface HvpResult {
  /** The forward graph, the gradient, ⟨∇loss, v⟩ and its gradient (second-order backward nodes). */
  readonly graph: Graph;
  /** Id of H·v (same type as `wrt`); "" when `diagnostics` holds an error (non-float loss or wrt). */
  readonly hvp: string;
  /** Id of the first-order gradient ∇loss. */
  readonly grad: string;
  /** Id of the direction input `v`. */
  readonly v: string;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Hessian-vector product by differentiating twice: H·v = ∇_w ⟨∇_w loss, v⟩, with `v` held constant.
 * Never forms H. `v` is a node of `graph` with the type of `wrt`, or is added as a cotangent-role
 * input of that name. When ∇loss does not depend on `wrt` (it enters linearly) the second pass warns
 * E0501 and H·v is zeros.
 */
export function hvp(graph: Graph, loss: string, wrt: string, v: string, lookup: OpLookup = lookupOp): HvpResult {
  const first = differentiate({ graph, of: loss, wrt: [wrt], lookup });
  const grad = first.grads[wrt];
  if (grad === undefined) return { graph: first.graph, hvp: "", grad: "", v, diagnostics: first.diagnostics };
  const b = GraphBuilder.from(lookup, first.graph);
  const t = b.type(wrt);
  if (!b.has(v)) b.addTyped("input", [], { role: "cotangent", dtype: t.dtype, shape: t.shape }, t, { name: v });
  const prod = b.add("mul", [grad, v]);
  const axes = t.shape.map((_, i) => i);
  const dot = axes.length === 0 ? prod : b.add("reduce_sum", [prod], { axes, keepdims: false }, { name: `${grad}_dot_${v}` });
  const second = differentiate({ graph: b.finish(first.graph.outputs), of: dot, wrt: [wrt], lookup });
  return {
    graph: second.graph,
    hvp: second.grads[wrt] ?? "",
    grad,
    v,
    diagnostics: [...first.diagnostics, ...second.diagnostics],
  };
}
