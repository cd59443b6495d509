/**
 * Bounded drawings: a graph too big (or too dense) for dagre to lay out quickly is drawn with grouped
 * boxes. A sum of 4,000 terms is a chain of 3,999 `add` boxes all reading `a`; laid out box for box,
 * dagre needs tens of seconds (a box with 200 uses already costs 12 s), grouped it is two boxes.
 *
 * Invariants of `boundDrawing(d)`:
 * - every box of `d` is in exactly one box of the result (a group's `ids` are its members' ids, in order);
 * - the result has at most `maxBoxes` boxes, and no box has more than `maxEdgesPerBox` edges;
 * - a drawing within both limits is returned as it is.
 *
 * Grouping, in order, each step only while the drawing is still over a limit:
 * 1. chains: boxes joined by an edge and of the same signature (kind and detail: op or rule, and type);
 * 2. fans: boxes of one signature with the same predecessors and successors, then with the same successors,
 *    then with the same predecessors;
 * 3. signatures: all boxes of one signature;
 * 4. runs: consecutive boxes in graph order, as many per group as the bound needs.
 * Boxes of `expanded` groups (keys from an earlier result) are never grouped again.
 */
import type { Box, DrawnGraph, Edge } from "./types.ts";

export interface BoundOptions {
  readonly maxBoxes?: number;
  readonly maxEdgesPerBox?: number;
  /** Keys of groups (from an earlier result of the same drawing) to draw box for box. */
  readonly expanded?: readonly string[];
}

export interface BoundedDrawing extends DrawnGraph {
  /** Edges left out because a box reached maxEdgesPerBox. */
  readonly hiddenEdges: number;
}

export const MAX_BOXES = 300;
export const MAX_EDGES_PER_BOX = 24;

const GROUP_PREFIX = "group:";

/** Union-find over box indices; the representative of a set is its smallest index (so groups keep graph order). */
class Sets {
  private readonly parent: Int32Array;
  count: number;

  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.count = n;
  }

  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    let j = i;
    while (this.parent[j] !== r) {
      const next = this.parent[j]!;
      this.parent[j] = r;
      j = next;
    }
    return r;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
    this.count--;
  }
}

/** What boxes must share to be grouped: kind, and detail (op or rule, and type). Titles (names) may differ. */
const signature = (b: Box): string => `${b.kind}\u0000${b.detail}`;

function maxDegree(boxes: readonly Box[], edges: readonly Edge[]): number {
  const degree = new Map<string, number>();
  let max = 0;
  for (const e of edges) {
    for (const k of [e.from, e.to]) {
      const d = (degree.get(k) ?? 0) + 1;
      degree.set(k, d);
      if (d > max) max = d;
    }
  }
  return boxes.length === 0 ? 0 : max;
}

interface Indexed {
  readonly boxes: readonly Box[];
  /** Edges as [from index, to index], between boxes of the drawing only. */
  readonly links: readonly (readonly [number, number])[];
  readonly sig: readonly string[];
  readonly pinned: readonly boolean[];
}

function index(drawn: DrawnGraph, pinnedKeys: ReadonlySet<string>): Indexed {
  const at = new Map(drawn.boxes.map((b, i) => [b.key, i]));
  const links: (readonly [number, number])[] = [];
  for (const e of drawn.edges) {
    const f = at.get(e.from);
    const t = at.get(e.to);
    if (f !== undefined && t !== undefined && f !== t) links.push([f, t]);
  }
  return { boxes: drawn.boxes, links, sig: drawn.boxes.map(signature), pinned: drawn.boxes.map((b) => pinnedKeys.has(b.key)) };
}

/** Joins every same-signature box joined by an edge. */
function joinChains(ix: Indexed, sets: Sets): void {
  for (const [f, t] of ix.links) if (!ix.pinned[f] && !ix.pinned[t] && ix.sig[f] === ix.sig[t]) sets.union(f, t);
}

/** Joins the sets of each signature whose current neighbour sets (as `key` describes them) agree. */
function joinBy(ix: Indexed, sets: Sets, key: (set: number, preds: string, succs: string) => string): void {
  const preds = new Map<number, Set<number>>();
  const succs = new Map<number, Set<number>>();
  const add = (m: Map<number, Set<number>>, k: number, v: number): void => {
    let s = m.get(k);
    if (s === undefined) m.set(k, (s = new Set()));
    s.add(v);
  };
  for (const [f, t] of ix.links) {
    const a = sets.find(f);
    const b = sets.find(t);
    if (a === b) continue;
    add(succs, a, b);
    add(preds, b, a);
  }
  const list = (s: Set<number> | undefined): string => (s === undefined ? "" : [...s].sort((x, y) => x - y).join(","));
  const first = new Map<string, number>();
  ix.boxes.forEach((_, i) => {
    if (ix.pinned[i]) return;
    const r = sets.find(i);
    if (r !== i) return;
    const k = `${ix.sig[i]}\u0001${key(r, list(preds.get(r)), list(succs.get(r)))}`;
    const other = first.get(k);
    if (other === undefined) first.set(k, r);
    else sets.union(other, r);
  });
}

/** Joins consecutive unpinned sets (in graph order) so at most `target` unpinned sets remain. */
function joinRuns(ix: Indexed, sets: Sets, target: number): void {
  const roots = ix.boxes.map((_, i) => i).filter((i) => !ix.pinned[i] && sets.find(i) === i);
  const per = Math.ceil(roots.length / Math.max(1, target));
  for (let i = 0; i < roots.length; i += per) {
    for (let j = i + 1; j < Math.min(i + per, roots.length); j++) sets.union(roots[i]!, roots[j]!);
  }
}

/**
 * `n` with its digits in groups of three (`3,998`), as toLocaleString("en-US") writes a whole
 * number, without Intl: its first use in a fresh Worker loads ICU's locale data (≈ 120 ms).
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}

function groupBox(members: readonly Box[], expandable: boolean): Box {
  const first = members[0]!;
  const same = (f: (b: Box) => string): boolean => members.every((b) => f(b) === f(first));
  const count = members.length;
  // Named after what the members share: their title, else their op (or rule), else the first of them.
  const label = same((b) => b.title) ? first.title : same((b) => b.detail) ? (first.detail.split(" ")[0] ?? first.title) : `${first.title} …`;
  const detail = same((b) => b.detail) ? first.detail : "mixed";
  return {
    key: `${GROUP_PREFIX}${first.key}`,
    title: `${label} × ${groupDigits(count)}`,
    detail: `${detail} · ${groupDigits(count)} boxes`,
    kind: "group",
    tie: first.tie,
    ids: members.flatMap((b) => b.ids),
    group: { count, members: members.map((b) => b.key), expandable },
  };
}

/** The grouped drawing for `sets`, with deduplicated edges capped per box. */
function assemble(drawn: DrawnGraph, sets: Sets, maxBoxes: number, maxEdges: number): BoundedDrawing {
  const members = new Map<number, Box[]>();
  drawn.boxes.forEach((b, i) => {
    const r = sets.find(i);
    const list = members.get(r);
    if (list === undefined) members.set(r, [b]);
    else list.push(b);
  });
  const boxCount = members.size;
  const keyOf = new Map<string, string>();
  const boxes: Box[] = [];
  for (const list of members.values()) {
    const box = list.length === 1 ? list[0]! : groupBox(list, boxCount - 1 + list.length <= maxBoxes);
    boxes.push(box);
    for (const b of list) keyOf.set(b.key, box.key);
  }
  const degree = new Map<string, number>();
  const seen = new Set<string>();
  const edges: Edge[] = [];
  let hiddenEdges = 0;
  for (const e of drawn.edges) {
    const from = keyOf.get(e.from);
    const to = keyOf.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    const k = `${from}\u0000${to}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const df = degree.get(from) ?? 0;
    const dt = degree.get(to) ?? 0;
    if (df >= maxEdges || dt >= maxEdges) {
      hiddenEdges++;
      continue;
    }
    degree.set(from, df + 1);
    degree.set(to, dt + 1);
    edges.push({ from, to, dashed: e.dashed });
  }
  return { boxes, edges, hiddenEdges };
}

function group(drawn: DrawnGraph, maxBoxes: number, maxEdges: number, pinnedKeys: ReadonlySet<string>): BoundedDrawing {
  const ix = index(drawn, pinnedKeys.size < maxBoxes ? pinnedKeys : new Set());
  const pinnedCount = ix.pinned.filter(Boolean).length;
  const sets = new Sets(drawn.boxes.length);
  const within = (): boolean => sets.count <= maxBoxes;
  joinChains(ix, sets);
  if (!within()) joinBy(ix, sets, (_, p, s) => `${p}|${s}`);
  if (!within()) joinBy(ix, sets, (_, __, s) => s);
  if (!within()) joinBy(ix, sets, (_, p) => p);
  if (!within()) joinBy(ix, sets, () => "");
  if (!within()) joinRuns(ix, sets, maxBoxes - pinnedCount);
  return assemble(drawn, sets, maxBoxes, maxEdges);
}

/** `drawn` with large parts grouped so it has at most `maxBoxes` boxes and `maxEdgesPerBox` edges per box (see the file comment). */
export function boundDrawing(drawn: DrawnGraph, options: BoundOptions = {}): BoundedDrawing {
  const maxBoxes = Math.max(1, options.maxBoxes ?? MAX_BOXES);
  const maxEdges = Math.max(1, options.maxEdgesPerBox ?? MAX_EDGES_PER_BOX);
  if (drawn.boxes.length <= maxBoxes && maxDegree(drawn.boxes, drawn.edges) <= maxEdges) return { ...drawn, hiddenEdges: 0 };
  const expanded = new Set(options.expanded ?? []);
  if (expanded.size === 0) return group(drawn, maxBoxes, maxEdges, new Set());
  // The expanded groups' members, found in the grouping without expansions.
  const before = group(drawn, maxBoxes, maxEdges, new Set());
  const pinned = new Set(before.boxes.filter((b) => expanded.has(b.key) && b.group?.expandable === true).flatMap((b) => b.group?.members ?? []));
  return group(drawn, maxBoxes, maxEdges, pinned);
}
