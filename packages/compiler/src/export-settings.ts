/** Settings of an export that its callers need before loading an exporter (node.ts loads those lazily). */
import type { LoweredModel } from "@nnc/lower";
import { DEFAULT_SEED, type ScheduleKind } from "@nnc/runtime/core";

/** Whether a schedule's learning rate depends on the run's total steps S (docs/training.md). */
const NEEDS_TOTAL_STEPS = { constant: false, step: false, exponential: false, cosine: true, one_cycle: true } as const satisfies Record<ScheduleKind, boolean>;

export function scheduleNeedsTotalSteps(kind: ScheduleKind): boolean {
  return NEEDS_TOTAL_STEPS[kind];
}

/** The seed of a run of `model` (the train section's, else nnc train's default). */
export function defaultSeed(model: LoweredModel): number {
  return model.train?.seed ?? DEFAULT_SEED;
}
