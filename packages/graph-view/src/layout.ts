/**
 * Places a DrawnGraph top-to-bottom with dagre, as the playground draws it: every box is as wide as
 * its longer line at CHAR_W pixels a character (monospace) and BOX_H high; edges are dagre's polylines.
 * The same drawing gives the same layout (dagre is deterministic in the order boxes and edges are added).
 */
import { layout, newLayoutGraph, type Point } from "./dagre-api.ts";
import type { Box, DrawnGraph, Edge } from "./types.ts";

export type { Point } from "./dagre-api.ts";

/** Pixels a character of the 12px monospace title is given (the 10.5px detail line is narrower). */
export const CHAR_W = 7;
export const BOX_H = 38;
/** Room for the tie bar on the left and a margin on the right. */
const BOX_PAD = 18;

export interface PlacedBox {
  readonly box: Box;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly edge: Edge;
  readonly points: readonly Point[];
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly PlacedBox[];
  /** The edges dagre routed (an edge to a box not in the drawing is left out). */
  readonly edges: readonly PlacedEdge[];
}

export function boxWidth(b: Box): number {
  return Math.max(b.title.length, b.detail.length) * CHAR_W + BOX_PAD;
}

export function layoutDrawing(drawn: DrawnGraph): GraphLayout {
  if (drawn.boxes.length === 0) return { width: 0, height: 0, boxes: [], edges: [] };
  const g = newLayoutGraph();
  g.setGraph({ rankdir: "TB", nodesep: 14, ranksep: 26, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const b of drawn.boxes) g.setNode(b.key, { width: boxWidth(b), height: BOX_H });
  for (const e of drawn.edges) if (g.hasNode(e.from) && g.hasNode(e.to)) g.setEdge(e.from, e.to, {});
  layout(g);
  const label = g.graph();
  const boxes = drawn.boxes.map((box) => {
    const n = g.node(box.key);
    return { box, x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
  });
  const edges: PlacedEdge[] = [];
  for (const edge of drawn.edges) {
    const points = g.hasEdge(edge.from, edge.to) ? (g.edge(edge.from, edge.to).points ?? []) : [];
    if (points.length > 0) edges.push({ edge, points });
  }
  return { width: Math.ceil(label.width ?? 100), height: Math.ceil(label.height ?? 100), boxes, edges };
}

/** An SVG path through `points`, one decimal. */
export function pathData(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
}
