/** Traversal helpers over a graph's dataflow. All rely on `nodes` being in topological order. */
import type { Graph, Node } from "./graph.ts";

/** Nodes in reverse topological order: every node comes before the nodes it uses. */
export function reverseTopological(g: Graph): Node[] {
  return [...g.nodes].reverse();
}

/** For each node id, the ids of the nodes using it (each user once, in graph order). */
export function usersMap(g: Graph): Map<string, string[]> {
  const users = new Map<string, string[]>(g.nodes.map((n) => [n.id, []]));
  for (const n of g.nodes) {
    for (const i of new Set(n.inputs)) {
      const list = users.get(i);
      if (list === undefined) users.set(i, [n.id]);
      else list.push(n.id);
    }
  }
  return users;
}

/** Ids of the nodes some of `targets` depend on, the targets included (ancestors). */
export function reachingTo(g: Graph, targets: Iterable<string>): Set<string> {
  const seen = new Set(targets);
  for (const n of reverseTopological(g)) if (seen.has(n.id)) for (const i of n.inputs) seen.add(i);
  return seen;
}

/** Ids of the nodes depending on some of `sources`, the sources included (descendants). */
export function reachableFrom(g: Graph, sources: Iterable<string>): Set<string> {
  const seen = new Set(sources);
  for (const n of g.nodes) if (n.inputs.some((i) => seen.has(i))) seen.add(n.id);
  return seen;
}

/** Ids of the nodes the graph's outputs depend on (what dead-code elimination keeps). */
export function liveIds(g: Graph): Set<string> {
  return reachingTo(
    g,
    g.outputs.map((o) => o.id),
  );
}
