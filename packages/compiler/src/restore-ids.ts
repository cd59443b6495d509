/**
 * Stable ids after the optimisation passes. Passes keep every graph output's id: when simplify
 * replaces the gradient `da = mul(dy, %1)` (dy = 1) by the forward value `%1`, it renames `%1` to
 * `da`, and the forward value x³ then carries the gradient's name — in the printed IR, in the
 * explanation (`rule pow.vjp.0 of da`, `dda`) and in generated code. This gives such forward values
 * their forward ids back; the output keeps its name and points at the forward id.
 */
import { printNodeCode, typesEqual, type Graph, type Node } from "@nnc/ir";

/** The op, attributes and type of a node, without its id and operands. */
function shapeKey(n: Node): string {
  return printNodeCode({ ...n, id: "", inputs: [] });
}

/**
 * Invariant on the result: every node without `origin` has the id of a forward node of `before`,
 * or a fresh `%N` when no node of `before` matches it.
 */
export function restoreForwardIds(before: Graph, after: Graph): { readonly graph: Graph; readonly renamed: ReadonlyMap<string, string> } {
  const forward = new Map(before.nodes.filter((n) => n.origin === undefined).map((n) => [n.id, n]));
  const present = new Set(after.nodes.map((n) => n.id));
  const renamed = new Map<string, string>();
  let next = 0;
  for (const n of [...before.nodes, ...after.nodes]) if (/^%\d+$/.test(n.id)) next = Math.max(next, Number(n.id.slice(1)) + 1);
  for (const n of after.nodes) {
    if (n.origin !== undefined || forward.has(n.id)) continue;
    // The forward node it was: gone from `after`, same op, attributes and type; same operands if possible.
    const gone = [...forward.values()].filter((c) => !present.has(c.id) && ![...renamed.values()].includes(c.id) && typesEqual(c.type, n.type) && shapeKey(c) === shapeKey(n));
    const match = gone.find((c) => c.inputs.every((i, k) => i === n.inputs[k])) ?? gone[0];
    renamed.set(n.id, match?.id ?? `%${next++}`);
  }
  if (renamed.size === 0) return { graph: after, renamed };
  const ren = (id: string): string => renamed.get(id) ?? id;
  const nodes = after.nodes.map((n) => ({
    ...n,
    id: ren(n.id),
    inputs: n.inputs.map(ren),
    ...(n.origin === undefined ? {} : { origin: { ...n.origin, forward: ren(n.origin.forward) } }),
  }));
  return { graph: { ...after, nodes, outputs: after.outputs.map((o) => ({ name: o.name, id: ren(o.id) })) }, renamed };
}
