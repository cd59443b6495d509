/**
 * Everything the page shows about one source text, computed on the main thread in one pure call:
 * diagnostics, the chosen model, its forward graph (with the loss) and its differentiated graph with
 * each backward node explained. Never throws for a user mistake: compiler bugs become `failure`.
 */
import { explainBackward, type ExplainedStmt, type GradResult } from "@nnc/autodiff";
import { checkSource, gradient, resolveOf, selectModel, withLoss, type CheckResult } from "@nnc/compiler";
import { hasErrors, renderDiagnostic, type Diagnostic } from "@nnc/diagnostics";
import { isFloat, type Graph } from "@nnc/ir";
import type { LoweredModel } from "@nnc/lower";

export interface DiagnosticView {
  readonly diagnostic: Diagnostic;
  /** The CLI's text (code frame, caret, hints), without colour. */
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

export interface Analysis {
  readonly check: CheckResult;
  readonly diagnostics: readonly DiagnosticView[];
  readonly ok: boolean;
  readonly model?: LoweredModel;
  /** The model's graph with the train loss as an output. */
  readonly forward?: Graph;
  /** The value differentiated: the loss, or (no train section) the first output. */
  readonly of?: string;
  readonly grad?: GradResult;
  readonly explained: readonly ExplainedStmt[];
  /** A message when the program checks but a later stage failed (a compiler bug, shown, not thrown). */
  readonly failure?: string;
}

function views(check: CheckResult): DiagnosticView[] {
  return check.diagnostics.map((d) => ({
    diagnostic: d,
    text: renderDiagnostic(d, check.source, { color: false }),
    from: d.span.start,
    to: Math.max(d.span.end, d.span.start),
  }));
}

/**
 * Differentiates the loss with respect to every param; a model without a train section is
 * differentiated at its first output with respect to its params and float inputs (so `b = W·a` shows
 * both dW and da).
 */
function differentiateModel(model: LoweredModel): { of: string; grad: GradResult } | { failure: string } {
  const of = resolveOf(model, model.train === undefined ? model.graph.outputs[0]?.name : undefined);
  if (!of.ok) return { failure: of.message };
  const wrt =
    model.train === undefined
      ? model.graph.nodes.filter((n) => (n.op === "param" || n.op === "input") && isFloat(n.type.dtype)).map((n) => n.id)
      : undefined;
  return { of: of.value, grad: gradient(model, of.value, wrt) };
}

export function analyze(fileName: string, text: string, modelName?: string): Analysis {
  const check = checkSource(fileName, text);
  const diagnostics = views(check);
  const ok = !hasErrors(check.diagnostics);
  const base = { check, diagnostics, ok, explained: [] };
  if (!ok) return base;
  const picked = selectModel(check.lowered, modelName);
  if (!picked.ok) return { ...base, failure: picked.message };
  const model = picked.value;
  try {
    const forward = withLoss(model);
    const d = differentiateModel(model);
    if ("failure" in d) return { ...base, model, forward, failure: d.failure };
    const explained = explainBackward(d.grad, { source: check.source });
    return { ...base, model, forward, of: d.of, grad: d.grad, explained };
  } catch (e) {
    return { ...base, model, failure: `internal compiler error while differentiating: ${e instanceof Error ? e.message : String(e)}` };
  }
}
