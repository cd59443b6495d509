import type { SourceFile, Span } from "@nnc/diagnostics";
import { nodeMap, type Node, type Step } from "@nnc/ir";
import { lookupOp, type OpDef, type OpLookup, type VjpDoc, type VjpNames } from "@nnc/ops";
import { COTANGENT_RULE, FANOUT_RULE, SEED_RULE, ZERO_RULE, type GradResult } from "./differentiate.ts";
import { agreed, stepAffinity } from "./step-affinity.ts";
import { fanoutTable, stepSum, usersText, type FanoutUsers } from "./explain-fanout.ts";
import { forwardUses } from "./explain-uses.ts";

/** One backward node with the math of the rule that built it: what `nnc grad --explain` prints. */
export interface ExplainedStmt {
  readonly id: string;
  readonly op: string;
  readonly inputs: readonly string[];
  /** Origin rule: `<op>.vjp.<operand>`, or `seed`, `cotangent`, `fanout`, `zero`. */
  readonly rule: string;
  /** The forward node the rule differentiates, and its op. */
  readonly forward: string;
  readonly forwardOp: string;
  /** The forward node's display name when it is anonymous (`y_pow` for `%1`, ExplainOptions.names). */
  readonly forwardName?: string;
  /** The operand whose cotangent the rule builds (op rules only). */
  readonly operand?: number;
  /** e.g. `dW = db ⊗ a`, with the program's names. */
  readonly formula: string;
  /** The local Jacobian it applies, e.g. `∂b_i/∂W_jk = δ_ij·a_k`. */
  readonly why: string;
  readonly span?: Span;
  /** 1-based line of the forward node in the `.nn` source, and its text when a source is given. */
  readonly line?: number;
  readonly sourceLine?: string;
  /**
   * The unrolled `scan`/`repeat` application the statement belongs to: its forward node's (see
   * stepAffinity), else that of the operand it differentiates (`stepViaOperand`: the k-th operand
   * of the concat stacking a scan's states belongs to step k). Absent outside steps.
   */
  readonly step?: Step;
  readonly stepViaOperand?: boolean;
  /**
   * Fan-out sums: the uses added, how many of them lie inside steps, `partial` when this link only
   * feeds the next link of the same chain (the last link is the whole sum), and `overSteps` when the
   * whole sum adds uses inside steps.
   */
  readonly sum?: { readonly uses: number; readonly inSteps: number; readonly partial: boolean; readonly overSteps: boolean };
}

export interface ExplainOptions {
  readonly source?: SourceFile;
  readonly lookup?: OpLookup;
  /**
   * Display names of anonymous forward values (derivedForwardNames): a cotangent the graph no longer
   * holds (merged or folded by a pass) is written `d<display name>` (`dh_pre`), not `d%2`.
   */
  readonly names?: ReadonlyMap<string, string>;
  /**
   * The differentiated value (GradRequest.of). A fan-out counts the uses of a value that `of` is
   * computed from; without it, `of` is read from the seed or cotangent input, and when the passes
   * folded the seed away, every forward output that is not a gradient stands for it.
   */
  readonly of?: string;
}

const RULE_RE = /^(.+)\.vjp\.(\d+)$/;
const DRIVER_ROOTS: ReadonlySet<string> = new Set([SEED_RULE, COTANGENT_RULE, ZERO_RULE]);

/**
 * Explains every backward node (nodes with an `origin`) of a differentiated graph, in graph order.
 * Formulas name a value's cotangent by its node id when `result.cotangents` knows it (`dlogits`
 * for the cotangent of `%4` when an `add` passed it through), else `d<name>` (`d<display name>`
 * for an anonymous value named in `opts.names`); an anonymous forward value itself is written by its
 * display name too (`∂y_pow_i/∂x_j`, not `∂%1_i/∂x_j`), and `forwardName` gives it for the rule line.
 */
export function explainBackward(result: Pick<GradResult, "graph"> & Partial<Pick<GradResult, "cotangents">>, opts: ExplainOptions = {}): ExplainedStmt[] {
  const g = result.graph;
  const cots = result.cotangents ?? {};
  const display = opts.names ?? new Map<string, string>();
  // Formulas write forward values by their display names (distinct from every id), so `d` maps them back.
  const idOf = new Map([...display].map(([id, name]) => [name, id]));
  const show = (id: string): string => display.get(id) ?? id;
  const d = (shown: string): string => {
    const name = idOf.get(shown) ?? shown;
    return Object.hasOwn(cots, name) ? cots[name]! : `d${show(name)}`;
  };
  const byId = nodeMap(g);
  const steps = stepAffinity(g.nodes);
  const backwardSteps = backwardStepTable(g.nodes, byId, steps);
  const lookup = opts.lookup ?? lookupOp;
  const summed = new Set(g.nodes.flatMap((n) => (n.origin?.rule === FANOUT_RULE ? [n.origin.forward] : [])));
  const fanouts = fanoutTable(g.nodes, byId, backwardSteps, forwardUses(g, summed, lookup, opts.of), steps);
  const out: ExplainedStmt[] = [];
  for (const n of g.nodes) {
    if (n.origin === undefined) continue;
    const fwd = byId.get(n.origin.forward);
    if (fwd === undefined) continue;
    const math = ruleMath(n, fwd, byId, fanouts, steps, lookup, d, show);
    const span = n.span ?? fwd.span;
    const line = span?.line;
    const step = backwardSteps.get(n.id);
    const viaOperand = step !== undefined && !steps.has(fwd.id) && math.operand !== undefined && steps.has(fwd.inputs[math.operand] ?? "");
    const users = fanouts.get(n.id);
    out.push({
      id: n.id,
      op: n.op,
      inputs: n.inputs,
      rule: n.origin.rule,
      forward: fwd.id,
      forwardOp: fwd.op,
      ...(display.has(fwd.id) ? { forwardName: display.get(fwd.id)! } : {}),
      ...(math.operand === undefined ? {} : { operand: math.operand }),
      formula: math.formula,
      why: math.why,
      ...(span === undefined ? {} : { span, line: span.line }),
      // A node inlined from a standard-library block has its span in that file (`nnc:std/norm.nn`), not in `source`.
      ...(line === undefined || opts.source === undefined || span?.file !== opts.source.name ? {} : { sourceLine: opts.source.lineText(line).trim() }),
      ...(step === undefined ? {} : viaOperand ? { step, stepViaOperand: true } : { step }),
      ...(users === undefined ? {} : { sum: { uses: users.count, inSteps: users.inSteps, partial: users.partial, overSteps: users.overSteps } }),
    });
  }
  return out;
}

/**
 * The step of each backward node but the driver's roots: its forward node's (stepAffinity); else, for an op rule, that of
 * the operand it differentiates (`stepViaOperand`: the stacking concat's k-th operand is step k's);
 * else, for a node of a rule that is not a fan-out sum, the one step of the backward nodes it reads
 * when they all have it (the reduction of step t's cotangent through a `broadcast(b)` that CSE shared
 * between the steps).
 */
function backwardStepTable(nodes: readonly Node[], byId: ReadonlyMap<string, Node>, steps: ReadonlyMap<string, Step>): Map<string, Step> {
  const table = new Map<string, Step>();
  for (const n of nodes) {
    const rule = n.origin?.rule;
    const fwd = n.origin === undefined ? undefined : byId.get(n.origin.forward);
    // The driver's roots (the seed or given cotangent, a zero gradient) belong to no step.
    if (rule === undefined || fwd === undefined || DRIVER_ROOTS.has(rule)) continue;
    const m = RULE_RE.exec(rule);
    const read = n.inputs.filter((i) => byId.get(i)?.origin !== undefined);
    const step =
      steps.get(fwd.id) ??
      (m === null ? undefined : steps.get(fwd.inputs[Number(m[2])] ?? "")) ??
      (rule === FANOUT_RULE || read.length === 0 ? undefined : agreed(read.map((i) => table.get(i)), true));
    if (step !== undefined) table.set(n.id, step);
  }
  return table;
}

/** The math of operand `i`'s rule; a variadic op (concat) documents all its operands with entry 0. */
export function vjpDocFor(def: OpDef, i: number): VjpDoc | null {
  return (def.arity === "variadic" ? (def.vjpDoc[i] ?? def.vjpDoc[0]) : def.vjpDoc[i]) ?? null;
}

function ruleMath(
  self: Node,
  fwd: Node,
  byId: ReadonlyMap<string, Node>,
  fanouts: ReadonlyMap<string, FanoutUsers>,
  steps: ReadonlyMap<string, Step>,
  lookup: OpLookup,
  d: (name: string) => string,
  show: (id: string) => string,
): { formula: string; why: string; operand?: number } {
  const rule = self.origin?.rule ?? "";
  const x = show(fwd.id);
  // The driver's own nodes are cotangents themselves: their left-hand side is their own id (or its display name).
  const me = show(self.id);
  switch (rule) {
    case SEED_RULE:
      return { formula: `${me} = 1`, why: `∂${x}/∂${x} = 1` };
    case COTANGENT_RULE:
      return { formula: `${me} given`, why: `each gradient is a vector-Jacobian product Σ_i ${me}_i·∂${x}_i/∂(·)` };
    case ZERO_RULE:
      return { formula: `${me} = 0`, why: `no differentiable path leads from ${x} to the differentiated value` };
    case FANOUT_RULE: {
      const users = fanouts.get(self.id) ?? { count: 0, listed: [], inSteps: 0, groups: [], others: [], partial: false, overSteps: false, links: [] };
      if (users.inSteps > 0 && !steps.has(fwd.id)) return stepSum(me, x, users, show);
      return {
        formula: `${me} = Σ of the cotangents from the ${users.count} uses of ${x} (in ${usersText(users, show)})`,
        why: `∂/∂${x} of f(g_1(${x}), …, g_k(${x})) = Σ_k ∂f/∂g_k·∂g_k/∂${x} (multivariate chain rule)`,
      };
    }
  }
  const m = RULE_RE.exec(rule);
  const def = m === null ? undefined : lookup(m[1]!);
  if (m === null || def === undefined) return { formula: `(${rule})`, why: "" };
  const operand = Number(m[2]);
  const doc = vjpDocFor(def, operand);
  if (doc === null) return { formula: `${d(show(fwd.inputs[operand] ?? "?"))} by ${rule}`, why: "", operand };
  const names: VjpNames = {
    out: x,
    ins: fwd.inputs.map(show),
    d,
    ranks: fwd.inputs.map((i) => byId.get(i)?.type.shape.length ?? 0),
  };
  return { formula: doc.formula(names), why: doc.why(names), operand };
}
