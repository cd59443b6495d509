import { bindData } from "./bind.ts";
import type { CompiledModel } from "./compiled-model.ts";
import type { DataSplit } from "./dataset.ts";
import { DEFAULT_BATCH, DEFAULT_EPOCHS, DEFAULT_SEED, type TrainSettings } from "./program-info.ts";
import type { MetricSetting, OptimizerSetting, ScheduleSetting } from "./settings.ts";
import { TrainSession } from "./train-session.ts";

/** Overrides of the train section (`--epochs`, `--batch`, `--lr`, `--seed`, the page's controls); null or absent keeps the section's. */
export interface PlanOverrides {
  readonly epochs?: number | null;
  readonly batch?: number | null;
  readonly lr?: number | null;
  readonly seed?: number | null;
}

/** Everything a run's numbers depend on besides the data and the model: `nnc train` and the page resolve it the same way. */
export interface TrainPlan {
  readonly batch: number;
  readonly epochs: number;
  readonly seed: number;
  /** The lr given explicitly (override, else the section's `lr =`), or null for the optimizer's default. */
  readonly lr: number | null;
  /** The rate the schedule scales: `lr`, else the optimizer's filled-in default; null when neither is known. */
  readonly baseLr: number | null;
  readonly schedule: ScheduleSetting | null;
  readonly metrics: readonly MetricSetting[] | null;
}

/** The optimizer's filled-in lr (its default when the section gives none), or null when unknown. */
export function optimizerLr(opt: OptimizerSetting | null | undefined): number | null {
  const v = opt?.args["lr"];
  return typeof v === "number" ? v : null;
}

/** The plan of a train section with overrides: each value is the override's, else the section's, else the default. */
export function trainPlan(t: TrainSettings | null, o: PlanOverrides = {}): TrainPlan {
  const lr = o.lr ?? t?.lr ?? null;
  return {
    batch: o.batch ?? t?.batch ?? DEFAULT_BATCH,
    epochs: o.epochs ?? t?.epochs ?? DEFAULT_EPOCHS,
    seed: o.seed ?? t?.seed ?? DEFAULT_SEED,
    lr,
    baseLr: lr ?? optimizerLr(t?.optimizer),
    schedule: t?.schedule ?? null,
    metrics: t?.metrics ?? null,
  };
}

/**
 * A fresh run as `nnc train` starts it: binds the split to the model's inputs by name, initialises
 * the parameters from the plan's seed, and returns the session that trains it. The model must hold
 * at least `plan.batch` rows (`createModel(plan.batch)` in Node; the page may make it larger).
 */
export function startTraining(model: CompiledModel, split: DataSplit, plan: TrainPlan): TrainSession {
  const train = bindData(model.meta, split.train, true);
  const validation = split.validation === null ? null : bindData(model.meta, split.validation, true);
  model.initParams(plan.seed);
  return new TrainSession(model, train, validation, { epochs: plan.epochs, seed: plan.seed, baseLr: plan.baseLr, schedule: plan.schedule, metrics: plan.metrics, batch: plan.batch });
}
