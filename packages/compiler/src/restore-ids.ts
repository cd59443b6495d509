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
  // Forward nodes a pass took out of the graph, by op, attributes and type (built only when needed).
  let gone: Map<string, Node[]> | undefined;
  for (const n of after.nodes) {
    if (n.origin !== undefined || forward.has(n.id)) continue;
    if (gone === undefined) {
      gone = new Map();
      for (const c of forward.values()) {
        if (present.has(c.id)) continue;
        const key = shapeKey(c);
        const list = gone.get(key);
        if (list === undefined) gone.set(key, [c]);
        else list.push(c);
      }
    }
    // The forward node it was: same op, attributes and type; same operands if possible. Each is used once.
    const candidates = (gone.get(shapeKey(n)) ?? []).filter((c) => typesEqual(c.type, n.type));
    const match = candidates.find((c) => c.inputs.every((i, k) => i === n.inputs[k])) ?? candidates[0];
    if (match !== undefined) gone.get(shapeKey(n))!.splice(gone.get(shapeKey(n))!.indexOf(match), 1);
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
