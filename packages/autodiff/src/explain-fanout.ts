import type { Node, Step } from "@nnc/ir";
import { FANOUT_RULE } from "./differentiate.ts";

/** At most this many distinct users are named in a fan-out formula; the count is always exact. */
const LISTED_USERS = 8;

/** At most this many step groups are named in a fan-out formula. */
const LISTED_GROUPS = 4;

/** The forward users whose contributions a fan-out sum adds: the leaves of its chain of `add`s. */
export interface FanoutUsers {
  /** Leaves of the chain, duplicates included (a user using the value twice adds two). */
  readonly count: number;
  /** The first distinct users in leaf order, at most LISTED_USERS + 1 (one more tells "and more"). */
  readonly listed: readonly string[];
  /** Leaves inside a scan/repeat step, the groups of those steps (at most LISTED_GROUPS + 1, with
   * their step counts), and the first distinct users outside steps (at most LISTED_USERS + 1). */
  readonly inSteps: number;
  readonly groups: readonly Step[];
  readonly others: readonly string[];
  /** This link feeds the next link of its chain. */
  partial: boolean;
  /** The chain's last link adds uses inside steps (so this link is part of a sum over steps). */
  overSteps: boolean;
  /** The previous links of the chain this one adds. */
  readonly links: readonly string[];
}

/**
 * Every fan-out node's users, in one pass over the nodes in graph (topological) order: a link of the
 * chain reads its predecessor's entry instead of walking the chain again, and keeps at most
 * LISTED_USERS + 1 names, so a k-fold fan-out costs O(k), not O(k²) names nor O(k³) copies.
 * The chain's leaves count the uses; the users are named from `uses` (forwardUses: the forward
 * nodes using the value, in the order their contributions were added), since a leaf is the node
 * that built a contribution, which an `add` passes through unchanged (`dy` for both uses in
 * `y = (x + x) + x`). A link the passes folded (`dx = 3` once the seed `dy = 1` is folded in) has
 * fewer than two leaves left: the last link of its chain then adds all of `uses`, an earlier one
 * the first of them, those its successors do not add. `uses` names the users only where it agrees
 * with the chain (the last link counts as many uses); otherwise the leaves' forward nodes do.
 */
export function fanoutTable(
  nodes: readonly Node[],
  byId: ReadonlyMap<string, Node>,
  backwardSteps: ReadonlyMap<string, Step>,
  uses: ReadonlyMap<string, readonly string[]> = new Map(),
  steps: ReadonlyMap<string, Step> = new Map(),
): Map<string, FanoutUsers> {
  const table = new Map<string, FanoutUsers>();
  const addTo = (list: string[], user: string): void => {
    if (list.length <= LISTED_USERS && !list.includes(user)) list.push(user);
  };
  for (const n of nodes) {
    if (n.origin?.rule !== FANOUT_RULE) continue;
    let count = 0;
    let inSteps = 0;
    const listed: string[] = [];
    const others: string[] = [];
    const groups: Step[] = [];
    const links: string[] = [];
    const noteGroup = (s: Step): void => {
      if (groups.length <= LISTED_GROUPS && !groups.some((x) => x.group === s.group)) groups.push(s);
    };
    for (const i of n.inputs) {
      const p = byId.get(i);
      const link = p?.origin?.rule === FANOUT_RULE && p.origin.forward === n.origin.forward ? table.get(i) : undefined;
      if (link === undefined) {
        const user = p?.origin?.forward ?? i;
        const step = backwardSteps.get(i);
        count++;
        addTo(listed, user);
        if (step === undefined) {
          addTo(others, user);
        } else {
          inSteps++;
          noteGroup(step);
        }
        continue;
      }
      link.partial = true;
      links.push(i);
      count += link.count;
      inSteps += link.inSteps;
      for (const u of link.listed) addTo(listed, u);
      for (const u of link.others) addTo(others, u);
      for (const s of link.groups) noteGroup(s);
    }
    table.set(n.id, { count, listed, inSteps, groups, others, partial: false, overSteps: false, links });
  }
  // Link j of a chain adds the first j + 2 uses. Later links first: the last link adds all of them
  // (its leaves, or `uses` when folded), an earlier one those its successor does not add itself.
  const covered = new Map<string, number>();
  const prefixes = new Map<string, UsePrefixes>();
  for (let k = nodes.length - 1; k >= 0; k--) {
    const id = nodes[k]!.id;
    const u = table.get(id);
    const value = nodes[k]!.origin?.forward ?? "";
    const real = uses.get(value);
    if (u === undefined || real === undefined) continue;
    // An intact link adds at least two contributions; one with fewer was folded by the passes.
    const c = u.partial ? covered.get(id) : u.count < 2 ? real.length : u.count === real.length ? u.count : undefined;
    if (c === undefined || c > real.length || (u.count >= 2 && c !== u.count) || c < u.count) continue;
    const p = prefixes.get(value) ?? usePrefixes(real, steps);
    prefixes.set(value, p);
    table.set(id, { ...u, ...(u.count >= 2 ? usersOf(p, c, false) : { count: c, ...usersOf(p, c, true) }) });
    if (u.links.length === 1) {
      const own = u.count - u.links.reduce((sum, l) => sum + table.get(l)!.count, 0);
      covered.set(u.links[0]!, c - own);
    }
  }
  // Later links first: a chain's last link tells its earlier ones whether the sum is over steps.
  for (const u of [...table.values()].reverse()) {
    if (!u.partial) u.overSteps = u.inSteps > 0;
    for (const l of u.links) table.get(l)!.overSteps = u.overSteps;
  }
  return table;
}

/**
 * What the first c uses of a value are, for every c, from one pass over its uses: the distinct users
 * (at most LISTED_USERS + 1), those outside steps apart (likewise) and the step groups (at most
 * LISTED_GROUPS + 1), each with the index of its first use; `inStepsBefore[c]` of the first c uses lie inside steps.
 */
interface UsePrefixes {
  readonly listed: readonly (readonly [string, number])[];
  readonly others: readonly (readonly [string, number])[];
  readonly groups: readonly (readonly [Step, number])[];
  readonly inStepsBefore: readonly number[];
}

function usePrefixes(users: readonly string[], steps: ReadonlyMap<string, Step>): UsePrefixes {
  const listed: [string, number][] = [];
  const others: [string, number][] = [];
  const groups: [Step, number][] = [];
  const inStepsBefore = [0];
  for (const [at, user] of users.entries()) {
    if (listed.length <= LISTED_USERS && !listed.some(([u]) => u === user)) listed.push([user, at]);
    const step = steps.get(user);
    if (step === undefined) {
      if (others.length <= LISTED_USERS && !others.some(([u]) => u === user)) others.push([user, at]);
    } else if (groups.length <= LISTED_GROUPS && !groups.some(([s]) => s.group === step.group)) {
      groups.push([step, at]);
    }
    inStepsBefore.push(inStepsBefore[at]! + (step === undefined ? 0 : 1));
  }
  return { listed, others, groups, inStepsBefore };
}

/** The names (and, with `counted`, the step counts) of the first `c` uses. */
function usersOf(p: UsePrefixes, c: number, counted: boolean): Pick<FanoutUsers, "listed" | "others"> & Partial<Pick<FanoutUsers, "inSteps" | "groups">> {
  const before = <T>(list: readonly (readonly [T, number])[]): T[] => list.filter(([, at]) => at < c).map(([x]) => x);
  const names = { listed: before(p.listed), others: before(p.others) };
  return counted ? { ...names, inSteps: p.inStepsBefore[c]!, groups: before(p.groups) } : names;
}

function namesText(ids: readonly string[], show: (id: string) => string): string {
  const names = ids.map(show);
  return names.length <= LISTED_USERS ? names.join(", ") : `${names.slice(0, LISTED_USERS).join(", ")}, …`;
}

export function usersText(u: FanoutUsers, show: (id: string) => string): string {
  return namesText(u.listed, show);
}

/** `the 32 steps of hs`, `the steps of hs (32) and cs (32)`. */
function groupsText(groups: readonly Step[]): string {
  if (groups.length === 1) return `the ${groups[0]!.count} steps of ${groups[0]!.group}`;
  const named = groups.slice(0, LISTED_GROUPS).map((s) => `${s.group} (${s.count})`);
  const last = groups.length > LISTED_GROUPS ? "…" : named.pop()!;
  return `the steps of ${named.join(", ")} and ${last}`;
}

/**
 * A value shared by the steps of an unrolled scan/repeat (a shared parameter): its cotangent sums
 * one contribution per use inside the steps, stated once as a sum over the steps.
 */
export function stepSum(me: string, x: string, u: FanoutUsers, show: (id: string) => string): { formula: string; why: string } {
  const rest = u.count - u.inSteps;
  const others = rest === 0 ? "" : ` + the cotangents from its ${rest} other use${rest === 1 ? "" : "s"} (in ${namesText(u.others, show)})`;
  return {
    formula: `${me} = Σ_t of the cotangents from the ${u.inSteps} uses of ${x} in ${groupsText(u.groups)}${others}`,
    why: `the steps share ${x}: ∂f/∂${x} = Σ_t ∂f/∂g_t·∂g_t/∂${x} over its uses g_t (multivariate chain rule)`,
  };
}
