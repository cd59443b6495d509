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
 * `y = (x + x) + x`). A sum the passes folded (`dx = 3` once the seed `dy = 1` is folded in) has no
 * leaves left: its uses are then exactly `uses`.
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
  for (const n of nodes) {
    const u = table.get(n.id);
    const real = uses.get(n.origin?.forward ?? "");
    if (u === undefined || real === undefined) continue;
    // An intact sum adds at least two contributions; a link's k leaves are the first k uses.
    if (u.count >= 2 && (u.partial ? u.count <= real.length : u.count === real.length)) table.set(n.id, { ...u, ...usersOf(real.slice(0, u.count), steps, false) });
    else if (u.count < 2 && !u.partial && real.length > u.count) table.set(n.id, { ...u, count: real.length, ...usersOf(real, steps, true) });
  }
  // Later links first: a chain's last link tells its earlier ones whether the sum is over steps.
  for (const u of [...table.values()].reverse()) {
    if (!u.partial) u.overSteps = u.inSteps > 0;
    for (const l of u.links) table.get(l)!.overSteps = u.overSteps;
  }
  return table;
}

/**
 * The names (and, with `counted`, the step counts) of `users`, one entry per use: the distinct users
 * first met, at most LISTED_USERS + 1 of them, those outside steps apart, and the step groups.
 */
function usersOf(users: readonly string[], steps: ReadonlyMap<string, Step>, counted: boolean): Pick<FanoutUsers, "listed" | "others"> & Partial<Pick<FanoutUsers, "inSteps" | "groups">> {
  const listed: string[] = [];
  const others: string[] = [];
  const groups: Step[] = [];
  let inSteps = 0;
  for (const user of users) {
    if (listed.length <= LISTED_USERS && !listed.includes(user)) listed.push(user);
    const step = steps.get(user);
    if (step === undefined) {
      if (others.length <= LISTED_USERS && !others.includes(user)) others.push(user);
      continue;
    }
    inSteps++;
    if (groups.length <= LISTED_GROUPS && !groups.some((x) => x.group === step.group)) groups.push(step);
  }
  return counted ? { listed, others, inSteps, groups } : { listed, others };
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
