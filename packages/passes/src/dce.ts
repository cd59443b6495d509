import { reachingTo, type Graph } from "@nnc/ir";

/** The graph's interface: feeds, trained weights and saved state stay even when unused. */
const INTERFACE_OPS = new Set(["input", "param", "buffer"]);

/**
 * Dead-code elimination: keeps the nodes the outputs and the buffer updates (`next` values, roots
 * like outputs) depend on, plus every `input`, `param` and `buffer` node.
 */
export function dce(g: Graph): Graph {
  const roots = [...g.outputs.map((o) => o.id), ...(g.updates ?? []).flatMap((u) => [u.buffer, u.value])];
  const live = reachingTo(g, roots);
  const nodes = g.nodes.filter((n) => live.has(n.id) || INTERFACE_OPS.has(n.op));
  return nodes.length === g.nodes.length ? g : { ...g, nodes };
}
