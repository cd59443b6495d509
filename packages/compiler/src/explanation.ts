/**
 * The explanation `nnc grad --explain`, the playground and generated code's comments show: every
 * backward statement of the OPTIMIZED graph with the math of its rule, named stably — anonymous
 * cotangents by the forward value they differentiate (`dh_pre`), and a gradient that the passes
 * reduced to a forward value (`da = dy ⊙ %1` with dy = 1 is `%1`) explained by the rule that built it.
 */
import { displayNames, explainBackward, groupSteps, outsideSteps, renameForDisplay, type ExplainedStmt, type GradResult, type StepGroup } from "@nnc/autodiff";

export { groupSteps, stepAffinity, type ExplainItem, type StepGroup } from "@nnc/autodiff";
export type { Step } from "@nnc/ir";
import type { SourceFile } from "@nnc/diagnostics";
import { formatId, printNodeCode, type Graph, type Node } from "@nnc/ir";

/**
 * An explained statement; `alias` marks a gradient that is, after the passes, the value it names
 * (`aliasName`: that value's display name when it is anonymous, as the formulas write it).
 */
export type ExplainedValue = ExplainedStmt & { readonly alias?: string; readonly aliasName?: string };

export interface ExplainInput {
  /** The gradient as differentiated (before the passes), with its stable names. */
  readonly differentiated: GradResult;
  /** The same after the passes (forward ids restored). */
  readonly optimized: GradResult;
  readonly source?: SourceFile;
  /** Display names of anonymous forward values (derivedForwardNames of the forward graph). */
  readonly names: ReadonlyMap<string, string>;
}

export function stableExplanation(input: ExplainInput): ExplainedValue[] {
  // Backward statements' own anonymous ids (a fan-out's partial sums) are written by their display names too.
  const shown = new Map([...displayNames(input.optimized.graph), ...input.names]);
  const opts = { names: input.names, ...(input.source === undefined ? {} : { source: input.source }) };
  // The differentiated value (its seed's or cotangent's forward value): a folded fan-out counts its uses toward it only.
  const of = input.differentiated.graph.nodes.find((n) => n.origin?.rule === "seed" || n.origin?.rule === "cotangent")?.origin?.forward;
  const stmts: ExplainedValue[] = explainBackward(input.optimized, { ...opts, names: shown, ...(of === undefined ? {} : { of }) });
  const byId = new Map(input.optimized.graph.nodes.map((n) => [n.id, n]));
  let before: Map<string, ExplainedStmt> | undefined;
  for (const [w, g] of Object.entries(input.optimized.grads)) {
    if (byId.get(g)?.origin !== undefined) continue;
    // The passes reduced this gradient to a forward value (or an input): explain the rule that built it.
    before ??= new Map(explainBackward(input.differentiated, opts).map((s) => [s.id, s]));
    const built = before.get(input.differentiated.grads[w] ?? "");
    if (built === undefined) continue;
    const aliasName = input.names.get(g);
    stmts.push({ ...withoutSum(outsideSteps(built)), id: `d${w}`, op: "alias", inputs: [g], alias: g, ...(aliasName === undefined ? {} : { aliasName }) });
  }
  return stmts;
}

/** The statement without its fan-out facts: an alias is always shown, never dropped as a partial sum. */
function withoutSum(s: ExplainedStmt): ExplainedStmt {
  const out: { -readonly [K in keyof ExplainedStmt]: ExplainedStmt[K] } = { ...s };
  delete out.sum;
  return out;
}

/**
 * The gradients shown even inside a step group: each one of a value that is not created per
 * application (`h_init` feeding step 0, not `y.3.W` of a `repeat`'s fourth application).
 */
function pinnedGradients(graph: Graph): (s: ExplainedValue) => boolean {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  // Gradient id → the step group its value is created in ("" for none).
  const groupOf = new Map<string, string>();
  for (const o of graph.outputs) {
    const wrt = o.name.startsWith("d") ? byId.get(o.name.slice(1)) : undefined;
    if (wrt !== undefined && wrt.origin === undefined) groupOf.set(o.id, wrt.step?.group ?? "");
  }
  return (s) => groupOf.has(s.id) && groupOf.get(s.id) !== s.step?.group;
}

/** At most this many hidden gradients are named under a step group. */
const LISTED_GRADIENTS = 8;

/** The printed graph: anonymous ids written by their display names (displayNames), never `%N`. */
interface Shown {
  readonly names: ReadonlyMap<string, string>;
  readonly graph: Graph;
  readonly byId: ReadonlyMap<string, Node>;
}

function shownGraph(graph: Graph): Shown {
  const names = displayNames(graph);
  const g = renameForDisplay(graph, names);
  return { names, graph: g, byId: new Map(g.nodes.map((n) => [n.id, n])) };
}

function stmtLines(s: ExplainedValue, view: Shown, source: SourceFile, indent: string, note = ""): string[] {
  const ren = (id: string): string => view.names.get(id) ?? id;
  const text = (t: string): string => t.replace(/%\d+/g, ren);
  const node = view.byId.get(ren(s.id));
  const lines: string[] = [];
  if (s.alias !== undefined) lines.push(`${s.id} = ${ren(s.alias)}  (after the passes, this gradient is the value ${ren(s.alias)})`);
  else if (node === undefined) return [];
  else lines.push(printNodeCode(node, view.graph));
  lines.push(`    ${text(s.formula)}`);
  if (s.why !== "") lines.push(`      because ${text(s.why)}`);
  // The span's own file: a node inlined from a standard-library block is at `nnc:std/norm.nn:7`.
  const where = s.line === undefined ? "" : `${s.span?.file ?? source.name}:${s.line}`;
  const line = s.sourceLine === undefined ? "" : `  ${s.sourceLine}`;
  lines.push(`      rule ${s.rule} of ${s.forwardName ?? ren(s.forward)}${note}${where === "" ? "" : ` — ${where}`}${line}`);
  return lines.map((l) => indent + l);
}

function stepRange(first: number, last: number): string {
  return first === last ? `step ${first}` : `steps ${first} … ${last}`;
}

/**
 * One step group: the header, one application's statements, the rules only other applications
 * apply (once each), and a count of the statements not shown, naming the gradients among them.
 */
function groupLines(item: StepGroup<ExplainedValue>, view: Shown, graph: Graph, source: SourceFile): string[] {
  const name = formatId(item.group);
  const lines = [
    item.count === 1
      ? `step 0 of ${name} (1 step):`
      : `${stepRange(item.first, item.last)} of ${name} (${item.count} steps): the same rules for each step; shown for step ${item.shown}:`,
  ];
  for (const s of item.stmts) lines.push(...stmtLines(s, view, source, "  "));
  if (item.also.length > 0) {
    lines.push(`  rules only other steps apply (shown once, for the first step that does):`);
    for (const s of item.also) lines.push(...stmtLines(s, view, source, "  ", ` (step ${s.step?.index ?? "?"})`));
  }
  if (item.hidden.length > 0) {
    const outputs = new Map<string, string>();
    for (const o of graph.outputs) if (!outputs.has(o.id)) outputs.set(o.id, o.name);
    const grads = item.hidden.flatMap((s) => (outputs.has(s.id) ? [formatId(outputs.get(s.id)!)] : []));
    const named = grads.length <= LISTED_GRADIENTS ? grads.join(", ") : `${grads.slice(0, LISTED_GRADIENTS).join(", ")}, …`;
    const among = grads.length === 0 ? "" : `; among them the gradient${grads.length === 1 ? "" : "s"} ${named}`;
    lines.push(`  … ${item.hidden.length} more statements of the other steps apply the rules above${among}`);
  }
  return lines;
}

/**
 * The text of `nnc grad --explain`: each backward statement, the rule it applies in math, and the
 * `.nn` line of the forward statement it differentiates. The statements of an unrolled `scan` or
 * `repeat` are shown for one step with the step count (groupSteps), so the text's length does not
 * grow with the number of steps; without steps (or with `allSteps`) every statement is shown, in order.
 */
export function renderExplanation(graph: Graph, stmts: readonly ExplainedValue[], source: SourceFile, opts: { readonly allSteps?: boolean } = {}): string {
  const view = shownGraph(graph);
  const lines: string[] = [];
  const items = opts.allSteps === true ? stmts.map((stmt) => ({ kind: "stmt" as const, stmt })) : groupSteps(stmts, pinnedGradients(graph));
  for (const item of items) {
    if (item.kind === "stmt") lines.push(...stmtLines(item.stmt, view, source, ""));
    else lines.push(...groupLines(item, view, graph, source));
  }
  return lines.join("\n") + "\n";
}
