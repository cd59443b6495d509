/**
 * Drawings of unrolled `scan`/`repeat` steps: a 32-step scan has 32 copies of its cell in the forward
 * graph and 32 in the backward one, which no layout makes readable (nor fast). The last application of
 * each step group is drawn box for box; the boxes of its other applications are merged into one box
 * per group ("hs: steps 30 … 0"), with the edges that entered or left them. A graph without steps is
 * drawn unchanged.
 */
import { stepAffinity, type Graph, type Step } from "@nnc/compiler";
import type { Box, DrawnGraph, Edge } from "./types.ts";

const RULE_OPERAND = /\.vjp\.(\d+)$/;

/**
 * The step a box belongs to: its forward node's (stepAffinity), or for a backward rule of a node
 * outside steps, that of the operand it differentiates (the k-th operand of the stacking concat).
 */
function boxStep(b: Box, aff: ReadonlyMap<string, Step>, g: Graph, byId: ReadonlyMap<string, Graph["nodes"][number]>): Step | undefined {
  const own = aff.get(b.tie);
  if (own !== undefined || b.kind !== "backward") return own;
  const last = byId.get(b.ids[b.ids.length - 1] ?? "");
  const m = RULE_OPERAND.exec(last?.origin?.rule ?? "");
  const operand = m === null ? undefined : byId.get(b.tie)?.inputs[Number(m[1])];
  return operand === undefined ? undefined : aff.get(operand);
}

/** `drawn` with every step group's applications but the last merged into one box; `side` prefixes the merged boxes' keys. */
export function collapseSteps(drawn: DrawnGraph, g: Graph, side: string): DrawnGraph {
  const aff = stepAffinity(g.nodes);
  if (aff.size === 0) return drawn;
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const steps = new Map(drawn.boxes.map((b) => [b.key, boxStep(b, aff, g, byId)]));
  // The application drawn in full: the last one (the first the backward pass meets).
  const span = new Map<string, { max: number; min: number; count: number }>();
  for (const s of steps.values()) {
    if (s === undefined) continue;
    const r = span.get(s.group);
    span.set(s.group, r === undefined ? { max: s.index, min: s.index, count: s.count } : { max: Math.max(r.max, s.index), min: Math.min(r.min, s.index), count: s.count });
  }
  const merged = new Map<string, { box: Box; ids: string[] }>();
  const into = new Map<string, string>();
  const boxes: Box[] = [];
  for (const b of drawn.boxes) {
    const s = steps.get(b.key);
    const r = s === undefined ? undefined : span.get(s.group);
    if (s === undefined || r === undefined || s.index === r.max) {
      boxes.push(b);
      continue;
    }
    const key = `${side}steps:${s.group}`;
    let m = merged.get(key);
    if (m === undefined) {
      const range = r.max - 1 === r.min ? `step ${r.min}` : `steps ${r.max - 1} … ${r.min}`;
      const ids: string[] = [];
      m = { box: { key, title: `${s.group}: ${range}`, detail: `${r.count - 1} more steps like step ${r.max}`, kind: "ghost", tie: `${side}steps:${s.group}`, ids }, ids };
      merged.set(key, m);
      boxes.push(m.box);
    }
    m.ids.push(...b.ids);
    into.set(b.key, key);
  }
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const e of drawn.edges) {
    const from = into.get(e.from) ?? e.from;
    const to = into.get(e.to) ?? e.to;
    const k = `${from}>${to}`;
    if (from === to || seen.has(k)) continue;
    seen.add(k);
    edges.push({ from, to, dashed: e.dashed });
  }
  return { boxes, edges };
}
