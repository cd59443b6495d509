/**
 * The seed of a backward drawing whose seed the optimizer folded away. Differentiating a scalar `y`
 * starts from the constant dy = 1; constant folding merges it into its users (`dx = 3` for
 * `y = x + x + x`, `dloss_pre = 1 / rows` for a mean loss), so the optimized graph has no seed node and
 * the boxes that read it stand alone. Every cotangent is linear in the seed, so a backward box without
 * a backward input (other than the zero gradient of an unreachable value) is one the seed was folded
 * into: the drawing gets the seed box back, with an edge into each of them.
 */
import { typeToString, type Graph } from "@nnc/compiler";
import type { Box, Edge } from "./types.ts";

/** The driver's origin rules (@nnc/autodiff's SEED_RULE, COTANGENT_RULE, ZERO_RULE). */
const STARTS = new Set(["seed", "cotangent"]);
const ZERO = "zero";

/** Key of the seed box added by withSeed. */
export const SEED_KEY = "b:seed";

/** The forward value differentiated: `of`, or the forward output whose rule application reads the seed, or the first forward output. */
function differentiated(g: Graph, roots: readonly Box[], of: string | undefined): string | undefined {
  if (of !== undefined) return of;
  const forwardOutputs = g.outputs.map((o) => o.id).filter((id) => g.nodes.some((n) => n.id === id && n.origin === undefined));
  return forwardOutputs.find((id) => roots.some((b) => b.tie === id)) ?? forwardOutputs[0];
}

/**
 * `boxes` and `edges` (backward boxes keyed `b:…`, ghosts `g:…`) with the seed box in front and an edge
 * from it to every root box — unchanged when the graph has its seed or cotangent node, or no root box.
 */
export function withSeed(g: Graph, boxes: readonly Box[], edges: readonly Edge[], names: ReadonlyMap<string, string>, of?: string): { boxes: Box[]; edges: Edge[] } {
  const ruleOf = new Map(g.nodes.flatMap((n) => (n.origin === undefined ? [] : [[n.id, n.origin.rule] as const])));
  const rule = (b: Box): string => ruleOf.get(b.ids[b.ids.length - 1] ?? "") ?? "";
  const backward = boxes.filter((b) => b.kind === "backward" || b.kind === "gradient");
  if (backward.some((b) => STARTS.has(rule(b)))) return { boxes: [...boxes], edges: [...edges] };
  const fed = new Set(edges.filter((e) => !e.dashed).map((e) => e.to));
  const roots = backward.filter((b) => !fed.has(b.key) && rule(b) !== ZERO);
  const ofId = differentiated(g, roots, of);
  const ofNode = g.nodes.find((n) => n.id === ofId);
  if (roots.length === 0 || ofNode === undefined) return { boxes: [...boxes], edges: [...edges] };
  const taken = new Set([...g.nodes.map((n) => n.id), ...names.values()]);
  const name = `d${names.get(ofNode.id) ?? ofNode.id}`;
  const seed: Box = {
    key: SEED_KEY,
    title: taken.has(name) ? `${name}_seed` : name,
    detail: `seed ${typeToString(ofNode.type)} = 1`,
    kind: "backward",
    tie: ofNode.id,
    // No IR node is left of it; the box stands for the value it seeds.
    ids: [ofNode.id],
  };
  return { boxes: [seed, ...boxes], edges: [...roots.map((b) => ({ from: SEED_KEY, to: b.key, dashed: false })), ...edges] };
}
