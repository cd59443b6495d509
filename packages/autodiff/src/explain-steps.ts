import type { ExplainedStmt } from "./explain.ts";

/**
 * The statements of one `scan`/`repeat` group: every application applies the same rules, so one
 * application's statements are shown (`shown`, the last application, the first one the backward pass meets) and
 * the others' are counted, except a rule no shown statement applies (the first step has no previous
 * state to differentiate, the last no next step's cotangent to add): its first statement is in `also`.
 */
export interface StepGroup<S extends ExplainedStmt = ExplainedStmt> {
  readonly kind: "steps";
  readonly group: string;
  /** Applications of the group in the graph (Step.count). */
  readonly count: number;
  /** The highest and lowest step indices met. */
  first: number;
  last: number;
  /** The application whose statements are shown. */
  readonly shown: number;
  readonly stmts: S[];
  readonly also: S[];
  /** Statements of the other applications not shown (they apply the rules shown). */
  readonly hidden: S[];
}

export type ExplainItem<S extends ExplainedStmt = ExplainedStmt> = { readonly kind: "stmt"; readonly stmt: S } | StepGroup<S>;

/** The statement without its step facts, as an item of its own. */
export function outsideSteps<S extends ExplainedStmt>(s: S): S {
  const out: { -readonly [K in keyof ExplainedStmt]: ExplainedStmt[K] } = { ...s };
  delete out.step;
  delete out.stepViaOperand;
  // `out` is `s` less two optional fields of ExplainedStmt: still an S.
  return out as S;
}

/**
 * A statement's rule, as the same for every application: a rule reached through the differentiated
 * operand (the stacking concat's k-th operand, for step k) differs by that operand's index only.
 */
function ruleKey(s: ExplainedStmt): string {
  const rule = s.stepViaOperand === true && s.operand !== undefined ? `${s.forwardOp}.vjp.*` : s.rule;
  return `${rule}|${s.op}`;
}

/**
 * Groups explained statements by step, for display: statements outside steps stay items of their
 * own, in order; each step group becomes one item where its first statement was. The partial links
 * of a fan-out sum over steps are dropped (its last link states the whole sum, Σ_t). A `pinned`
 * statement (a gradient of a value outside the steps, built while differentiating step 0) stays an
 * item of its own. For a graph without steps the result is exactly the statements, in order. The items' size is bounded by the
 * number of distinct rules, not by the number of steps.
 */
export function groupSteps<S extends ExplainedStmt>(all: readonly S[], pinned: (s: S) => boolean = () => false): ExplainItem<S>[] {
  const stmts = all.map((s) => (s.step !== undefined && pinned(s) ? outsideSteps(s) : s));
  const kept = stmts.filter((s) => !(s.sum?.partial === true && s.sum.overSteps && s.step === undefined));
  // Pass 1: the application shown for each group (the last one, whose backward comes first) and the rules it applies.
  const shownKeys = new Map<string, { index: number; keys: Set<string> }>();
  for (const s of kept) {
    if (s.step === undefined) continue;
    const g = shownKeys.get(s.step.group);
    if (g === undefined || s.step.index > g.index) shownKeys.set(s.step.group, { index: s.step.index, keys: new Set() });
  }
  for (const s of kept) if (s.step !== undefined && s.step.index === shownKeys.get(s.step.group)!.index) shownKeys.get(s.step.group)!.keys.add(ruleKey(s));
  const items: ExplainItem<S>[] = [];
  const groups = new Map<string, StepGroup<S>>();
  for (const s of kept) {
    if (s.step === undefined) {
      items.push({ kind: "stmt", stmt: s });
      continue;
    }
    const { group, index, count } = s.step;
    const shown = shownKeys.get(group)!;
    let g = groups.get(group);
    if (g === undefined) {
      g = { kind: "steps", group, count, first: index, last: index, shown: shown.index, stmts: [], also: [], hidden: [] };
      groups.set(group, g);
      items.push(g);
    }
    g.first = Math.max(g.first, index);
    g.last = Math.min(g.last, index);
    const key = ruleKey(s);
    if (index === g.shown) {
      g.stmts.push(s);
    } else if (!shown.keys.has(key)) {
      g.also.push(s);
      shown.keys.add(key);
    } else {
      g.hidden.push(s);
    }
  }
  return items;
}
