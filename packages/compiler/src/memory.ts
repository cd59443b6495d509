/**
 * A model's size as `nnc check` reports it: the parameter count and bytes, and the memory of the
 * program `nnc compile` would generate (its buffer plan: params, gradients, optimizer state, inputs,
 * activations and gradients of one batch) at the train section's batch size.
 */
import { hasErrors } from "@nnc/diagnostics";
import { graphParams } from "@nnc/ir";
import type { LoweredModel } from "@nnc/lower";
import type { MemoryTensor } from "@nnc/runtime/core";
import { planModelMemory } from "@nnc/codegen-ts";
import { classInput } from "./build-class.ts";
import { gradient, optimize, optimizeGradient, symbolicDims, withLoss } from "./pipeline.ts";

/** The batch of a run whose train section (or command line) names none. Equal to the runtime's DEFAULT_BATCH. */
export const DEFAULT_BATCH = 32;

export interface ModelMemory {
  /** Elements of all parameters. */
  readonly params: number;
  readonly paramBytes: number;
  /** The batch size the plan is evaluated at. */
  readonly batch: number;
  /** Whether the plan is a training step (forward, backward, optimizer) or only the forward pass. */
  readonly training: boolean;
  /** The planned arrays; null when the model cannot be compiled (a second symbolic dim, E0666). */
  readonly plan: readonly MemoryTensor[] | null;
  /** The plan's bytes at `batch`; null with the plan. */
  readonly bytes: number | null;
}

export interface PlanOptions {
  readonly dtype: "f32" | "f64";
  /** Overrides the train section's batch (`--batch`). */
  readonly batch?: number;
}

/** Σ elements[k]·batch^k · bytesPerElement over the plan. */
export function planBytesAt(plan: readonly MemoryTensor[], batch: number): number {
  let total = 0;
  for (const t of plan) {
    let n = 0;
    for (let k = t.elements.length - 1; k >= 0; k--) n = n * batch + t.elements[k]!;
    total += n * t.bytesPerElement;
  }
  return total;
}

/**
 * The generated class's arrays, or null when codegen cannot plan the model (several symbolic dims,
 * gradient errors). The class compile() generates, planned without emitting its code (equal to
 * buildClass(...).memory, memory.test.ts); an explanation changes only comments, not the plan.
 */
export function memoryOf(model: LoweredModel, dtype: "f32" | "f64"): readonly MemoryTensor[] | null {
  if (symbolicDims(model.graph).length > 1) return null;
  const o = { dtype, target: "js", file: model.span.file } as const;
  // Verified once after the passes: the graph compile() generates from is verified after each (naming a
  // broken pass); sizing it for `nnc check` need not pay for that again.
  const passes = { verify: "end" } as const;
  if (model.train === undefined) return planModelMemory(classInput(model, undefined, optimize(withLoss(model), passes), [], o));
  const grad = gradient(model, model.train.loss);
  if (hasErrors(grad.diagnostics)) return null;
  const optimized = optimizeGradient(grad, passes);
  return planModelMemory(classInput(model, optimized, optimized.graph, [], o));
}

export function modelMemory(model: LoweredModel, opts: PlanOptions): ModelMemory {
  let params = 0;
  let paramBytes = 0;
  for (const p of graphParams(model.graph)) {
    const n = p.type.shape.reduce<number>((a, d) => a * (typeof d === "number" ? d : 1), 1);
    params += n;
    paramBytes += n * (p.type.dtype === "f64" || opts.dtype === "f64" ? 8 : 4);
  }
  const batch = opts.batch ?? model.train?.batch ?? DEFAULT_BATCH;
  const plan = memoryOf(model, opts.dtype);
  return { params, paramBytes, batch, training: model.train !== undefined, plan, bytes: plan === null ? null : planBytesAt(plan, batch) };
}
