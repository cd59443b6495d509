/**
 * The one way passes change a graph: walk the nodes in order, and for each either keep it (possibly
 * changed, same id) or replace it by an earlier kept value. Replacements are applied to every later
 * operand, to origins, to the outputs and to the buffer updates (`next` values).
 *
 * Invariant kept for every pass: graph outputs keep their ids. When an output node is replaced by
 * value `r`, `r` is renamed to the output's id — unless `r` is an input or param (whose names are the
 * graph's interface) or already an output, in which case the output node is kept instead.
 */
import type { Graph, Node } from "@nnc/ir";

export type Decision = Node | { readonly replaceWith: string };

/** `node` has its operands already replaced; `kept` holds the nodes kept so far, by id. */
export type Visit = (node: Node, kept: ReadonlyMap<string, Node>) => Decision;

const INTERFACE_OPS = new Set(["input", "param"]);

function renamed(n: Node, name: (id: string) => string): Node {
  const id = name(n.id);
  const inputs = n.inputs.map(name);
  const forward = n.origin === undefined ? undefined : name(n.origin.forward);
  const same = id === n.id && inputs.every((v, i) => v === n.inputs[i]) && forward === n.origin?.forward;
  if (same) return n;
  return { ...n, id, inputs, ...(n.origin === undefined || forward === undefined ? {} : { origin: { ...n.origin, forward } }) };
}

export function rewrite(g: Graph, visit: Visit): Graph {
  const outputIds = new Set(g.outputs.map((o) => o.id));
  const replaced = new Map<string, string>();
  const renames = new Map<string, string>();
  const kept = new Map<string, Node>();
  const resolve = (id: string): string => replaced.get(id) ?? id;
  for (const n of g.nodes) {
    const node = renamed(n, resolve);
    const d = visit(node, kept);
    if (!("replaceWith" in d)) {
      kept.set(d.id, d);
      continue;
    }
    const r = resolve(d.replaceWith);
    if (outputIds.has(n.id)) {
      const target = kept.get(r);
      const renamable = target !== undefined && !INTERFACE_OPS.has(target.op) && !outputIds.has(r) && !renames.has(r);
      if (!renamable) {
        kept.set(node.id, node);
        continue;
      }
      renames.set(r, n.id);
    }
    replaced.set(n.id, r);
  }
  const final = (id: string): string => {
    const r = resolve(id);
    return renames.get(r) ?? r;
  };
  return {
    ...g,
    nodes: [...kept.values()].map((n) => renamed(n, final)),
    outputs: g.outputs.map((o) => ({ name: o.name, id: final(o.id) })),
    // A buffer is a source (never replaced); its update's value follows replacements like an output.
    ...(g.updates === undefined ? {} : { updates: g.updates.map((u) => ({ buffer: final(u.buffer), value: final(u.value) })) }),
  };
}
