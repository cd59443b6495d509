/**
 * The graphs as drawn: the forward graph node for node, and the backward graph with one box per rule
 * application (a VJP rule builds several IR nodes — softmax, one_hot, sub, mul — that together make
 * one cotangent; they are shown as one box named after the value they produce). Every box records the
 * forward node it belongs to (`tie`), which fixes its colour and links the two drawings. Anonymous
 * values are titled by their display names (displayNames: `h_pre`, `dlogits_softmax`), never `%N`. The steps
 * of an unrolled scan/repeat are drawn for one application, the others merged (steps.ts).
 */
import { displayNames, typeToString, type GradResult, type Graph, type Node } from "@nnc/compiler";
import { withSeed } from "./seed.ts";
import { collapseSteps } from "./steps.ts";
import type { Box, BoxKind, DrawnGraph, Edge } from "./types.ts";


function forwardKind(n: Node, outputs: ReadonlySet<string>): BoxKind {
  if (n.op === "input") return "input";
  if (n.op === "param") return "param";
  if (n.op === "const") return "const";
  return outputs.has(n.id) ? "loss" : "op";
}

/** The forward nodes only (a differentiated graph lists them first, unchanged). */
export function forwardDrawing(g: Graph): DrawnGraph {
  const outputs = new Set(g.outputs.map((o) => o.id));
  const names = displayNames(g);
  const boxes: Box[] = g.nodes
    .filter((n) => n.origin === undefined)
    .map((n) => ({
      key: `f:${n.id}`,
      title: names.get(n.id) ?? n.id,
      detail: `${n.op} ${typeToString(n.type)}`,
      kind: forwardKind(n, outputs),
      tie: n.id,
      ids: [n.id],
    }));
  const edges: Edge[] = g.nodes.flatMap((n) => n.inputs.map((i) => ({ from: `f:${i}`, to: `f:${n.id}`, dashed: false })));
  return collapseSteps({ boxes, edges }, g, "f:");
}


/**
 * The backward nodes of `grad.graph`, one box per (rule, forward node), plus ghosts of the forward
 * values they read, starting at the seed (seed.ts: drawn even when the optimizer folded it away).
 * `of` is the forward value differentiated (found from the graph when not given).
 */
export function backwardDrawing(grad: GradResult, of?: string): DrawnGraph {
  const g = grad.graph;
  const names = displayNames(g);
  const groupOf = new Map<string, string>();
  const members = new Map<string, Node[]>();
  for (const n of g.nodes) {
    if (n.origin === undefined) continue;
    const key = `b:${n.origin.rule}@${n.origin.forward}`;
    groupOf.set(n.id, key);
    const list = members.get(key) ?? [];
    list.push(n);
    members.set(key, list);
  }
  const gradientIds = new Set(Object.values(grad.grads));
  const boxes: Box[] = [];
  for (const [key, nodes] of members) {
    const last = nodes[nodes.length - 1]!;
    const origin = last.origin!;
    boxes.push({
      key,
      title: names.get(last.id) ?? last.id,
      detail: `${origin.rule} ${typeToString(last.type)}`,
      kind: gradientIds.has(last.id) ? "gradient" : "backward",
      tie: origin.forward,
      ids: nodes.map((n) => n.id),
    });
  }
  const edges: Edge[] = [];
  const seen = new Set<string>();
  const ghosts = new Map<string, Box>();
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  for (const n of g.nodes) {
    const to = groupOf.get(n.id);
    if (to === undefined) continue;
    for (const i of n.inputs) {
      const from = groupOf.get(i);
      if (from === to) continue;
      const src = from ?? `g:${i}`;
      if (from === undefined && !ghosts.has(src)) {
        const f = byId.get(i)!;
        ghosts.set(src, { key: src, title: names.get(f.id) ?? f.id, detail: typeToString(f.type), kind: "ghost", tie: f.id, ids: [f.id] });
      }
      const k = `${src}>${to}`;
      if (seen.has(k)) continue;
      seen.add(k);
      edges.push({ from: src, to, dashed: from === undefined });
    }
  }
  return collapseSteps(withSeed(g, [...ghosts.values(), ...boxes], edges, names, of), g, "b:");
}
