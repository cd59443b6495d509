import type { Graph, Node } from "@nnc/ir";
import type { OpLookup } from "@nnc/ops";
import { COTANGENT_RULE, SEED_RULE } from "./differentiate.ts";

/**
 * The forward uses of each value whose cotangent a fan-out sums, read from the forward graph (which
 * the passes keep), in the order the driver adds their contributions: users latest first, each
 * user's operands in order, one entry per operand slot (`x + x` uses x twice). A use counts when its
 * user is differentiable and `of` is computed from it. `of` is the value the seed or cotangent input
 * differentiates (`of` when given); when the passes folded that seed away (`dy = 1` folded into its
 * users), the forward outputs that are not gradients stand for it.
 */
export function forwardUses(g: Pick<Graph, "nodes" | "outputs">, values: ReadonlySet<string>, lookup: OpLookup, of?: string): Map<string, string[]> {
  const forward = g.nodes.filter((n) => n.origin === undefined);
  const useful = usefulValues(g, forward, of);
  const uses = new Map<string, string[]>();
  for (let k = forward.length - 1; k >= 0; k--) {
    const u = forward[k]!;
    if (!useful.has(u.id)) continue;
    const def = lookup(u.op);
    if (def === undefined || def.isSource === true || def.nonDifferentiable === true) continue;
    for (const i of u.inputs) {
      if (!values.has(i)) continue;
      const list = uses.get(i) ?? [];
      list.push(u.id);
      uses.set(i, list);
    }
  }
  return uses;
}

/** The forward values `of` is computed from (itself included). */
function usefulValues(g: Pick<Graph, "nodes" | "outputs">, forward: readonly Node[], of: string | undefined): Set<string> {
  const roots = of !== undefined ? [of] : g.nodes.flatMap((n) => (n.origin !== undefined && (n.origin.rule === SEED_RULE || n.origin.rule === COTANGENT_RULE) ? [n.origin.forward] : []));
  if (roots.length === 0) {
    // A gradient output (`dx`) may be a forward value after the passes: it is not what was differentiated.
    const wrt = new Set(forward.filter((n) => n.op === "param" || n.op === "input").map((n) => `d${n.id}`));
    const isForward = new Set(forward.map((n) => n.id));
    for (const o of g.outputs) if (!wrt.has(o.name) && isForward.has(o.id)) roots.push(o.id);
  }
  const useful = new Set(roots);
  for (let k = forward.length - 1; k >= 0; k--) {
    const n = forward[k]!;
    if (useful.has(n.id)) for (const i of n.inputs) useful.add(i);
  }
  return useful;
}
