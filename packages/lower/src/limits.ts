/**
 * The checker's size and depth limits (docs/language.md, "Limits"). Every one is a diagnostic with a
 * code and a span, so no input reaches a later stage as "Invalid typed array length" or a stack
 * overflow.
 */
import type { DiagnosticCode, DiagnosticInit, Span } from "@nnc/diagnostics";
import { dimToString, type Dim, type TensorType } from "@nnc/ir";

/** What a limit check needs of the lowering context (`LowerCtx` is one): somewhere to report. */
export interface LimitReporter {
  report(code: DiagnosticCode, message: string, span: Span, init?: DiagnosticInit): void;
}

/** A dimension, and a symbolic dimension's coefficient: at most 2^31 − 1 (E0314). */
export const MAX_DIM = 2 ** 31 - 1;
/** Elements of one tensor, the most one typed array holds: 2^32 (E0315); symbolic dims count as 1. */
export const MAX_ELEMENTS = 2 ** 32;
/** Nested block calls (E0316). */
export const MAX_BLOCK_DEPTH = 100;
/**
 * Nesting of an expression together with the block bodies it inlines (E0317). Above the syntax limit
 * of one expression (500), so only block calls can reach it. The costliest level (a `|>` stage) takes
 * about 0.8 KB of stack, so 600 levels stay well inside Node's default stack of about 1 MB.
 */
export const MAX_LOWER_DEPTH = 600;
/**
 * Nodes of one model's lowered graph (E0123). Block calls, `scan` steps and `repeat` applications are
 * inlined, so nesting multiplies: a `repeat` of 4,096 over a 4,096-step `scan` would be 16 million
 * bodies. A 64-step LSTM is about 2,000 nodes; differentiation roughly triples the count.
 */
export const MAX_GRAPH_NODES = 200_000;

/** What the node budget needs of the lowering context (`LowerCtx` is one). */
export interface NodeBudget extends LimitReporter {
  readonly b: { all(): readonly unknown[] };
  nodeBudgetReported: boolean;
}

/** Reports E0123 once per model when its graph has grown past MAX_GRAPH_NODES; true then (stop inlining). */
export function overNodeBudget(ctx: NodeBudget, span: Span): boolean {
  if (ctx.b.all().length <= MAX_GRAPH_NODES) return false;
  if (!ctx.nodeBudgetReported) {
    ctx.nodeBudgetReported = true;
    ctx.report("E0123", `this model's graph grows past ${MAX_GRAPH_NODES.toLocaleString("en-US")} operations once its block calls, \`scan\` steps and \`repeat\` applications are inlined`, span, {
      label: "inlining stopped here",
      notes: ["nested forms multiply: a `repeat` of N applications over a `scan` of T steps inlines N × T cell bodies"],
      help: "use fewer steps or repetitions, or split the sequence into shorter chunks",
    });
  }
  return true;
}

/** Reports E0314 when `d` or one of its coefficients exceeds MAX_DIM; false then. `written`: the source text of `d`. */
export function checkDimSize(ctx: LimitReporter, d: Dim, span: Span, written?: string): boolean {
  const coefs = typeof d === "number" ? [d] : d.terms.map((t) => t.coef);
  if (coefs.every((c) => Math.abs(c) <= MAX_DIM)) return true;
  ctx.report("E0314", `dimension \`${written ?? dimToString(d)}\` is larger than ${MAX_DIM} (2^31 - 1), the largest allowed`, span, {
    label: "too large",
    ...(Number.isSafeInteger(typeof d === "number" ? d : 0) ? {} : { notes: ["numbers this large are not exact as 64-bit floats"] }),
  });
  return false;
}

/** The element count of `t` with every symbolic dim at 1. */
export function elementCount(t: TensorType): number {
  let n = 1;
  for (const d of t.shape) n *= typeof d === "number" ? d : Math.max(1, d.terms.reduce((s, term) => s + term.coef, 0));
  return n;
}

/** Reports E0315 when `t` holds more than MAX_ELEMENTS elements; false then. */
export function checkTensorSize(ctx: LimitReporter, t: TensorType, span: Span, what: string): boolean {
  const n = elementCount(t);
  if (n <= MAX_ELEMENTS) return true;
  const symbolic = t.shape.some((d) => typeof d !== "number");
  ctx.report("E0315", `${what} has ${n.toExponential(2)} elements${symbolic ? " at batch 1" : ""}, more than ${MAX_ELEMENTS} (2^32), the most one tensor may hold`, span, {
    label: `${n.toExponential(2)} elements`,
  });
  return false;
}

/** Every dim of `t` within MAX_DIM and its element count within MAX_ELEMENTS; reports the first excess. */
export function checkTensorType(ctx: LimitReporter, t: TensorType, span: Span, what: string): boolean {
  return t.shape.every((d) => checkDimSize(ctx, d, span)) && checkTensorSize(ctx, t, span, what);
}
