import type { Graph, Node } from "@nnc/ir";

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

const INTERFACE_OPS = new Set(["input", "param", "const"]);

/** Fresh names: `want`, else `want_2`, `want_3`, … — a counter per base keeps k clashes O(k), not O(k²). */
export function freshNames(taken: Set<string>): (want: string) => string {
  const next = new Map<string, number>();
  return (want) => {
    let fresh = want;
    for (let i = next.get(want) ?? 2; taken.has(fresh); i++) {
      fresh = `${want}_${i}`;
      next.set(want, i + 1);
    }
    taken.add(fresh);
    return fresh;
  };
}


/**
 * Display names for the anonymous (`%N`) forward values of `g`, derived from the named value their
 * uses lead to, so a cotangent reads `dh_pre` instead of `%23`: the value a graph output names is
 * called by that output's name; the operand of a one-operand op whose result is named `h` is `h_pre`
 * (the pre-activation); any other is `<root>_<its own op>`, where root is the name of the first named
 * value reached by following first users (`h = relu(x @ W + b)`: the matmul is `h_matmul`). Every
 * derived name is distinct from every node id and from the other derived names. Named values,
 * inputs, params and constants get none.
 */
export function derivedForwardNames(g: Graph): Map<string, string> {
  const forward = g.nodes.filter((n) => n.origin === undefined);
  const firstUser = new Map<string, Node>();
  for (const n of forward) for (const i of n.inputs) if (!firstUser.has(i)) firstUser.set(i, n);
  const outputName = new Map<string, string>();
  for (const o of g.outputs) if (!outputName.has(o.id)) outputName.set(o.id, o.name);
  const fresh = freshNames(new Set(g.nodes.map((n) => n.id)));
  const names = new Map<string, string>();
  // The named value each anonymous one leads to by first users.
  const root = new Map<string, string>();
  const rootOf = (id: string): string | undefined => (id.startsWith("%") ? root.get(id) : id);
  // Users come after the values they use, so walking backwards sees each user before its operands.
  for (let k = forward.length - 1; k >= 0; k--) {
    const v = forward[k]!;
    if (!v.id.startsWith("%") || INTERFACE_OPS.has(v.op)) continue;
    const user = firstUser.get(v.id);
    const userRoot = user === undefined ? undefined : rootOf(user.id);
    const out = outputName.get(v.id);
    let want: string | undefined;
    if (out !== undefined && !out.startsWith("%")) want = out;
    else if (user !== undefined && userRoot !== undefined) want = user.inputs.length === 1 && !user.id.startsWith("%") ? `${user.id}_pre` : `${userRoot}_${v.op}`;
    if (want === undefined) continue;
    root.set(v.id, out !== undefined && !out.startsWith("%") ? out : (userRoot ?? want));
    names.set(v.id, fresh(want));
  }
  return names;
}

/** The parts of a GradResult (differentiate.ts) that naming reads and rewrites. */
export interface Differentiated {
  readonly graph: Graph;
  readonly grads: Readonly<Record<string, string>>;
  readonly cotangents: Readonly<Record<string, string>>;
  readonly cotangent?: string;
}

/**
 * Gives each anonymous cotangent `%N` of a differentiated graph the name `d<derived name>` of the
 * forward value it is the cotangent of (derivedForwardNames), latest forward value first — the
 * order differentiate names named values in, so a cotangent passed through an `add` unchanged is
 * named after the add's result. Only backward nodes are renamed; ids stay unique.
 */
export function nameCotangents<R extends Differentiated>(r: R): R {
  const g = r.graph;
  const derived = derivedForwardNames({ ...g, nodes: g.nodes.filter((n) => n.origin === undefined) });
  const backward = new Set(g.nodes.filter((n) => n.origin !== undefined).map((n) => n.id));
  const fresh = freshNames(new Set(g.nodes.map((n) => n.id)));
  const renamed = new Map<string, string>();
  const order = g.nodes.filter((n) => n.origin === undefined).reverse();
  for (const v of order) {
    const c = Object.hasOwn(r.cotangents, v.id) ? r.cotangents[v.id]! : undefined;
    const name = derived.get(v.id);
    if (c === undefined || name === undefined || !c.startsWith("%") || !backward.has(c) || renamed.has(c)) continue;
    renamed.set(c, fresh(`d${name}`));
  }
  if (renamed.size === 0) return r;
  const ren = (id: string): string => renamed.get(id) ?? id;
  const nodes = g.nodes.map((n) => (n.origin === undefined ? n : { ...n, id: ren(n.id), inputs: n.inputs.map(ren) }));
  const remap = (rec: Readonly<Record<string, string>>): Record<string, string> => {
    const out = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(rec)) out[k] = ren(v);
    return out;
  };
  return {
    ...r,
    graph: { ...g, nodes, outputs: g.outputs.map((o) => ({ name: o.name, id: ren(o.id) })) },
    grads: remap(r.grads),
    cotangents: remap(r.cotangents),
    ...(r.cotangent === undefined ? {} : { cotangent: ren(r.cotangent) }),
  };
}
