import type { Node } from "@nnc/ir";

/**
 * Final clean-up of a differentiated graph's node list (forward nodes first, then backward ones):
 * drops backward nodes no root needs (a rule may build more than it was asked for), then gives
 * backward values their source names. Forward nodes are never touched.
 */
export interface Finalized {
  readonly nodes: readonly Node[];
  /** Old id → new id for every renamed node; ids absent here are unchanged. */
  readonly renamed: ReadonlyMap<string, string>;
}

export function finalizeBackward(
  all: readonly Node[],
  forwardCount: number,
  roots: readonly string[],
  /** Preferred names, highest priority first: [value id, `dname`]. Only unnamed (`%N`) backward nodes take them. */
  names: readonly (readonly [string, string])[],
): Finalized {
  const backward = new Map<string, Node>();
  for (let k = forwardCount; k < all.length; k++) backward.set(all[k]!.id, all[k]!);
  const live = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    const n = backward.get(id);
    if (n === undefined || live.has(id)) continue;
    live.add(id);
    stack.push(...n.inputs);
  }
  const kept = all.filter((n, k) => k < forwardCount || live.has(n.id));
  const taken = new Set(kept.map((n) => n.id));
  const renamed = new Map<string, string>();
  for (const [id, want] of names) {
    if (!live.has(id) || !id.startsWith("%") || renamed.has(id)) continue;
    let fresh = want;
    for (let i = 1; taken.has(fresh); i++) fresh = `${want}_${i}`;
    taken.delete(id);
    taken.add(fresh);
    renamed.set(id, fresh);
  }
  const ren = (id: string): string => renamed.get(id) ?? id;
  const nodes = kept.map((n) => (renamed.size === 0 ? n : { ...n, id: ren(n.id), inputs: n.inputs.map(ren) }));
  return { nodes, renamed };
}
