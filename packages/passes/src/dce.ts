import { liveIds, type Graph } from "@nnc/ir";

/**
 * Dead-code elimination: keeps the nodes the outputs depend on, plus every `input` and `param` node
 * (the graph's interface: feeds and trained weights stay even when unused).
 */
export function dce(g: Graph): Graph {
  const live = liveIds(g);
  const nodes = g.nodes.filter((n) => live.has(n.id) || n.op === "input" || n.op === "param");
  return nodes.length === g.nodes.length ? g : { ...g, nodes };
}
