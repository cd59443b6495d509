/**
 * The explanation `nnc grad --explain`, the playground and generated code's comments show: every
 * backward statement of the OPTIMIZED graph with the math of its rule, named stably — anonymous
 * cotangents by the forward value they differentiate (`dh_pre`), and a gradient that the passes
 * reduced to a forward value (`da = dy ⊙ %1` with dy = 1 is `%1`) explained by the rule that built it.
 */
import { explainBackward, type ExplainedStmt, type GradResult } from "@nnc/autodiff";
import type { SourceFile } from "@nnc/diagnostics";
import { printNodeCode, type Graph } from "@nnc/ir";

/** An explained statement; `alias` marks a gradient that is, after the passes, the value it names. */
export type ExplainedValue = ExplainedStmt & { readonly alias?: string };

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
  const opts = { names: input.names, ...(input.source === undefined ? {} : { source: input.source }) };
  const stmts: ExplainedValue[] = explainBackward(input.optimized, opts);
  const byId = new Map(input.optimized.graph.nodes.map((n) => [n.id, n]));
  let before: Map<string, ExplainedStmt> | undefined;
  for (const [w, g] of Object.entries(input.optimized.grads)) {
    if (byId.get(g)?.origin !== undefined) continue;
    // The passes reduced this gradient to a forward value (or an input): explain the rule that built it.
    before ??= new Map(explainBackward(input.differentiated, opts).map((s) => [s.id, s]));
    const built = before.get(input.differentiated.grads[w] ?? "");
    if (built === undefined) continue;
    stmts.push({ ...built, id: `d${w}`, op: "alias", inputs: [g], alias: g });
  }
  return stmts;
}

/**
 * The text of `nnc grad --explain`: each backward statement, the rule it applies in math, and the
 * `.nn` line of the forward statement it differentiates.
 */
export function renderExplanation(graph: Graph, stmts: readonly ExplainedValue[], source: SourceFile): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  for (const s of stmts) {
    const node = byId.get(s.id);
    if (s.alias !== undefined) lines.push(`${s.id} = ${s.alias}  (after the passes, this gradient is the value ${s.alias})`);
    else if (node === undefined) continue;
    else lines.push(printNodeCode(node, graph));
    lines.push(`    ${s.formula}`);
    if (s.why !== "") lines.push(`      because ${s.why}`);
    const where = s.line === undefined ? "" : `${source.name}:${s.line}`;
    const text = s.sourceLine === undefined ? "" : `  ${s.sourceLine}`;
    lines.push(`      rule ${s.rule} of ${s.forward}${where === "" ? "" : ` — ${where}`}${text}`);
  }
  return lines.join("\n") + "\n";
}
