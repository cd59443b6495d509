/**
 * Everything the page shows about one source text, from the one driver (`compile` of @nnc/compiler):
 * diagnostics, the chosen model, and the OPTIMIZED graph codegen reads — its forward part and its
 * backward part with each statement explained. Never throws for a user mistake: compiler bugs
 * become `failure`.
 */
import { compile, explainCompilation, isFloat, selectModel, type Compilation, type CompileOptions, type ExplainedValue, type GradResult, type Graph, type LoweredModel } from "@nnc/compiler";
import { hasErrors, renderDiagnostic, type Diagnostic, type SourceFile } from "@nnc/diagnostics";

export interface DiagnosticView {
  readonly diagnostic: Diagnostic;
  /** The CLI's text (code frame, caret, hints), without colour. */
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

export interface Analysis {
  readonly fileName: string;
  /** The program text as analysed (the Code tab and training compile it again with their settings). */
  readonly text: string;
  readonly source: SourceFile;
  readonly diagnostics: readonly DiagnosticView[];
  readonly ok: boolean;
  readonly model?: LoweredModel;
  /** The forward part of the optimized graph, with the train loss as an output. */
  readonly forward?: Graph;
  /** The value differentiated: the loss, or (no train section) the first output. */
  readonly of?: string;
  /** The gradient after the passes: what the generated code computes. */
  readonly grad?: GradResult;
  /**
   * Every backward statement with its rule in math, computed on first call (memoised, a failure too):
   * only the detail pane reads it, so the first drawing does not wait for it. A compiler bug while
   * explaining is `failure` (an internal compiler error the pane shows), never a throw.
   */
  readonly explained: () => Explained;
  /** A message when the program checks but a later stage failed (a compiler bug, shown, not thrown). */
  readonly failure?: string;
}

export interface Explained {
  readonly stmts: readonly ExplainedValue[];
  readonly failure?: string;
}

const NOTHING_EXPLAINED: Explained = { stmts: [] };

/** The explanation of `c`, a compiler bug caught as an internal compiler error. */
export function explainSafely(c: Pick<Compilation, "gradient" | "optimized" | "forward" | "source" | "explanation">): Explained {
  try {
    return { stmts: explainCompilation(c) };
  } catch (e) {
    return { stmts: [], failure: `internal compiler error while explaining the backward graph: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function views(c: Compilation): DiagnosticView[] {
  return c.diagnostics.map((d) => ({
    diagnostic: d,
    text: renderDiagnostic(d, c.source, { color: false }),
    from: d.span.start,
    to: Math.max(d.span.end, d.span.start),
  }));
}

/** The forward nodes of a differentiated graph (listed first, without an origin) and the forward outputs. */
function forwardPart(g: Graph, outputs: Graph["outputs"]): Graph {
  const nodes = g.nodes.filter((n) => n.origin === undefined);
  const ids = new Set(nodes.map((n) => n.id));
  return { ...g, nodes, outputs: outputs.filter((o) => ids.has(o.id)) };
}

/**
 * A model without a train section is differentiated at its first output with respect to its params
 * and float inputs (so `b = W·a` shows both dW and da).
 */
function gradientOptions(model: LoweredModel): Pick<CompileOptions, "of" | "wrt"> {
  const of = model.graph.outputs[0]?.name;
  const wrt = model.graph.nodes.filter((n) => (n.op === "param" || n.op === "input") && isFloat(n.type.dtype)).map((n) => n.id);
  return { ...(of === undefined ? {} : { of }), wrt };
}

function memo<T>(f: () => T): () => T {
  let known: { readonly value: T } | undefined;
  return () => (known ??= { value: f() }).value;
}

export function analyze(fileName: string, text: string, modelName?: string): Analysis {
  // The final graph is verified once (a broken one is still an internal error, shown as the failure);
  // compile() without verifyPasses (the CLI's compile and train, the tests) verifies after each pass.
  const base = { fileName, text, generate: "none", explain: false, verifyPasses: "end", ...(modelName === undefined ? {} : { model: modelName }) } as const;
  let c: Compilation;
  try {
    // Checking alone (no optimisation, no gradient) finds the model; then ONE compile differentiates it.
    const checked = compile(text, { ...base, checkOnly: true });
    if (hasErrors(checked.diagnostics) || checked.lowered === undefined) c = checked;
    else {
      const picked = selectModel(checked.lowered, modelName);
      c = compile(text, picked.ok && picked.value.train === undefined ? { ...base, ...gradientOptions(picked.value) } : base);
    }
  } catch (e) {
    const failure = `internal compiler error: ${e instanceof Error ? e.message : String(e)}`;
    const fallback = compile(text, { ...base, checkOnly: true });
    return { fileName, text, source: fallback.source, diagnostics: views(fallback), ok: !hasErrors(fallback.diagnostics), explained: () => NOTHING_EXPLAINED, failure };
  }
  const compiled = c;
  const diagnostics = views(c);
  const ok = !hasErrors(c.diagnostics);
  const common = { fileName, text, source: c.source, diagnostics, ok, explained: memo(() => explainSafely(compiled)) };
  // A usage problem (a file without a model): said once, as the failure, not as a diagnostic at 1:1.
  if (c.problem !== undefined) return { ...common, diagnostics: diagnostics.filter((d) => d.diagnostic.code !== "E0665"), ok: true, failure: c.problem.message };
  if (!ok || c.model === undefined) return common;
  const model = c.model;
  const grad = c.optimized;
  if (grad === undefined || c.forward === undefined) return { ...common, model, failure: "the program was not differentiated" };
  const of = model.train?.loss ?? model.graph.outputs[0]?.name;
  return { ...common, model, forward: forwardPart(grad.graph, c.forward.outputs), grad, ...(of === undefined ? {} : { of }) };
}
