/**
 * The built-in name `training`: a bool scalar, true only while a training step is evaluated (false in
 * eval, predict and generated inference). One `training` source node per model graph, created on first
 * use. Kept apart from state.ts so that expression lowering can use it without an import cycle.
 */
import type { Span } from "@nnc/diagnostics";
import { tensorType } from "@nnc/ir";
import type { LowerCtx } from "./context.ts";
import type { Scope } from "./scope.ts";
import type { TensorValue, Value } from "./values.ts";

/** The one `training` node of each model being lowered. */
const trainingOf = new WeakMap<LowerCtx, TensorValue>();

/** The value of the built-in name `training` (when no value of that name is in scope). */
export function lowerTraining(scope: Scope, span: Span): Value {
  const ctx = scope.ctx;
  const known = trainingOf.get(ctx);
  if (known !== undefined) return known;
  // No step provenance: the flag belongs to the whole model, not to one application of a scan or repeat.
  const v = ctx.b.withProvenance({}, () => ctx.source("training", {}, tensorType("bool", []), span, "training"));
  trainingOf.set(ctx, v);
  return v;
}
