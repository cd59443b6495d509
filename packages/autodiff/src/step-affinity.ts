import type { Node, Step } from "@nnc/ir";

/**
 * The application of an unrolled `scan`/`repeat` each forward value belongs to, for grouping the
 * explanation by step. A node with a `step` belongs to it. A node without one that lowering placed
 * between steps (the slice `x_t` of the scanned input, the reshape of a state before stacking)
 * belongs to the one step that all its operands with a step belong to, else to the one step all its
 * users belong to. Sources (no operands: params, inputs, buffers, constants) belong to no step even
 * when created inside one: a shared parameter is shared by every step. A value mixing several steps
 * (the stacking concat, the loss) belongs to none, and neither does a value computed from sources
 * only that several steps use (`broadcast(b)` of every step merged into one by CSE).
 */
export function stepAffinity(nodes: readonly Node[]): Map<string, Step> {
  const forward = nodes.filter((n) => n.origin === undefined);
  const users = new Map<string, string[]>();
  for (const n of forward) {
    for (const i of n.inputs) {
      const list = users.get(i);
      if (list === undefined) users.set(i, [n.id]);
      else list.push(n.id);
    }
  }
  const aff = new Map<string, Step>();
  const stepOf = new Map(forward.flatMap((n) => (n.step === undefined ? [] : [[n.id, n.step] as const])));
  for (const n of forward) {
    if (n.inputs.length === 0) continue;
    const fromInputs = agreed(n.inputs.map((i) => aff.get(i)));
    const shared = n.step !== undefined && fromInputs === undefined && distinctSteps((users.get(n.id) ?? []).map((u) => stepOf.get(u))) > 1;
    const s = shared ? undefined : (n.step ?? fromInputs);
    if (s !== undefined) aff.set(n.id, s);
  }
  // Users come after their operands: walking backwards settles every user before its operands.
  for (let k = forward.length - 1; k >= 0; k--) {
    const n = forward[k]!;
    if (n.inputs.length === 0 || aff.has(n.id)) continue;
    const us = users.get(n.id) ?? [];
    const s = us.length === 0 ? undefined : agreed(us.map((u) => aff.get(u)), true);
    if (s !== undefined) aff.set(n.id, s);
  }
  return aff;
}

function distinctSteps(steps: readonly (Step | undefined)[]): number {
  return new Set(steps.flatMap((s) => (s === undefined ? [] : [`${s.index}@${s.group}`]))).size;
}

function sameStep(a: Step, b: Step): boolean {
  return a.group === b.group && a.index === b.index;
}

/** The one step the defined entries agree on; with `all`, every entry must be defined. */
export function agreed(steps: readonly (Step | undefined)[], all = false): Step | undefined {
  let found: Step | undefined;
  for (const s of steps) {
    if (s === undefined) {
      if (all) return undefined;
      continue;
    }
    if (found === undefined) found = s;
    else if (!sameStep(found, s)) return undefined;
  }
  return found;
}
