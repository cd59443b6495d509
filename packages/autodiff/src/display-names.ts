/**
 * Display names: what pictures and explanations call the anonymous (`%N`) nodes of a graph. The
 * graph keeps its ids; printers rename a copy (renameForDisplay).
 */
import type { Graph, Node } from "@nnc/ir";
import { COTANGENT_RULE, FANOUT_RULE, SEED_RULE, ZERO_RULE } from "./differentiate.ts";
import { derivedForwardNames, freshNames } from "./naming.ts";

const anonymous = (id: string): boolean => id.startsWith("%");
const RULE_OPERAND = /^(.+)\.vjp\.(\d+)$/;

/**
 * A readable name for every anonymous (`%N`) node of `g`, forward or backward, for pictures and
 * explanations (the graph itself keeps its ids). Names follow from the graph's structure, never from
 * the counter N, so editing an unrelated line does not change them:
 * - a forward value: derivedForwardNames (`h_pre`, `h_matmul`); one that has none is `<buffer>_next`
 *   when it updates a buffer, else `<its first user's name>_<op>` (a constant);
 * - a backward rule application (the nodes sharing an origin; the last is its result): the result of
 *   `op.vjp.k` is `d<operand k>_via_<forward value>` (one use's share of a cotangent), of a fan-out sum
 *   `d<value>_sum`, of the driver's rules `d<value>`; the other nodes of the application are
 *   `<result>_<op>` (`dlogits_softmax`).
 * Every name is distinct from every node id and from the other names (`_2`, `_3`, … on a clash).
 */
export function displayNames(g: Graph): Map<string, string> {
  const forward = g.nodes.filter((n) => n.origin === undefined);
  // A gradient output (`dW`, `da`) names a gradient, not the forward value the passes may have reduced it to.
  const wrt = new Set(forward.filter((n) => n.op === "param" || n.op === "input").map((n) => `d${n.id}`));
  const outputs = g.outputs.filter((o) => !wrt.has(o.name));
  // Forward names depend on the forward nodes alone (as the explanation's derivedForwardNames of the
  // forward graph do), so a drawing of the forward part names them as the backward drawing does.
  const names = derivedForwardNames({ ...g, nodes: forward, outputs });
  const forwardFresh = freshNames(new Set([...forward.map((n) => n.id), ...names.values()]));
  const show = (id: string): string => names.get(id) ?? id;
  const firstUser = new Map<string, Node>();
  for (const n of g.nodes) for (const i of n.inputs) if (!firstUser.has(i)) firstUser.set(i, n);
  const updateOf = new Map((g.updates ?? []).map((u) => [u.value, u.buffer]));
  for (let k = forward.length - 1; k >= 0; k--) {
    const v = forward[k]!;
    if (!anonymous(v.id) || names.has(v.id)) continue;
    const user = firstUser.get(v.id);
    const buffer = updateOf.get(v.id);
    names.set(v.id, forwardFresh(buffer !== undefined ? `${buffer}_next` : user === undefined || anonymous(show(user.id)) ? v.op : `${show(user.id)}_${v.op}`));
  }
  const fresh = freshNames(new Set([...g.nodes.map((n) => n.id), ...names.values()]));
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const applications = new Map<string, Node[]>();
  for (const n of g.nodes) {
    if (n.origin === undefined) continue;
    const key = `${n.origin.rule}@${n.origin.forward}`;
    const list = applications.get(key) ?? [];
    list.push(n);
    applications.set(key, list);
  }
  const resultName = (last: Node): string => {
    const rule = last.origin?.rule ?? "";
    const fwd = byId.get(last.origin?.forward ?? "");
    const x = fwd === undefined ? last.op : show(fwd.id);
    if (rule === FANOUT_RULE) return `d${x}_sum`;
    if (rule === SEED_RULE || rule === COTANGENT_RULE || rule === ZERO_RULE) return `d${x}`;
    const m = RULE_OPERAND.exec(rule);
    const operand = m === null ? undefined : fwd?.inputs[Number(m[2])];
    return operand === undefined ? `d${x}_${last.op}` : `d${show(operand)}_via_${x}`;
  };
  const results: string[] = [];
  for (const nodes of applications.values()) {
    const last = nodes[nodes.length - 1]!;
    if (anonymous(last.id)) names.set(last.id, fresh(resultName(last)));
    results.push(show(last.id));
  }
  let k = 0;
  for (const nodes of applications.values()) {
    const result = results[k++]!;
    for (const n of nodes.slice(0, -1)) if (anonymous(n.id) && !names.has(n.id)) names.set(n.id, fresh(`${result}_${n.op}`));
  }
  return names;
}

/** `g` with every node id in `names` replaced by its name (inputs, outputs and updates too), for printing. */
export function renameForDisplay(g: Graph, names: ReadonlyMap<string, string>): Graph {
  if (names.size === 0) return g;
  const ren = (id: string): string => names.get(id) ?? id;
  return {
    ...g,
    nodes: g.nodes.map((n) => ({ ...n, id: ren(n.id), inputs: n.inputs.map(ren) })),
    outputs: g.outputs.map((o) => ({ name: o.name, id: ren(o.id) })),
    ...(g.updates === undefined ? {} : { updates: g.updates.map((u) => ({ buffer: ren(u.buffer), value: ren(u.value) })) }),
  };
}
