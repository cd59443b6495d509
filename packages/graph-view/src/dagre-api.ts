/**
 * The slice of @dagrejs/dagre graph-view uses, typed by hand: the package's declarations import
 * their own files without extensions, which "nodenext" resolution cannot follow, so its types
 * resolve to nothing here. Mirrors dagre 3.x (`graphlib.Graph`, `layout`).
 */
import dagre from "@dagrejs/dagre";

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidOutNode {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutGraph {
  setGraph(label: { rankdir: "TB" | "LR"; nodesep: number; ranksep: number; marginx: number; marginy: number }): LayoutGraph;
  setDefaultEdgeLabel(make: () => object): LayoutGraph;
  setNode(name: string, label: { width: number; height: number }): LayoutGraph;
  setEdge(v: string, w: string, label: object): LayoutGraph;
  hasNode(name: string): boolean;
  hasEdge(v: string, w: string): boolean;
  node(name: string): LaidOutNode;
  edge(v: string, w: string): { readonly points?: readonly Point[] };
  graph(): { readonly width?: number; readonly height?: number };
}

interface DagreApi {
  readonly graphlib: { readonly Graph: new (opts?: { multigraph?: boolean }) => LayoutGraph };
  layout(g: LayoutGraph): void;
}

const api = dagre as unknown as DagreApi;

export function newLayoutGraph(): LayoutGraph {
  return new api.graphlib.Graph({ multigraph: false });
}

export function layout(g: LayoutGraph): void {
  api.layout(g);
}
