/**
 * What a data source adds to a training run beyond its rows — text data: its log lines, the check that
 * its vocabulary fits the model, the `nats` metric, the vocabulary saved with checkpoints. The split
 * carries them, so run.ts names none of that code and a program whose source adds nothing holds none
 * of it (runtime-shake.ts keeps only what is named).
 */
import type { ModelMeta } from "./compiled-model.ts";
import type { DataSplit } from "./dataset.ts";
import type { BoundMetric } from "./metrics.ts";

export interface DataRunHooks {
  /** Lines printed once before training. */
  summary(): readonly string[];
  /** Throws a DataError when the data cannot fit the model (E0637). */
  checkFits(meta: ModelMeta): void;
  /** Metrics reported after the selected ones. */
  metrics(meta: ModelMeta): readonly BoundMetric[];
  /** A closing line from the last epoch's validation metrics; null for none. */
  verdict(valMetrics: Readonly<Record<string, number>> | null | undefined): string | null;
  /** Saved with checkpoints: the vocabulary of text data. */
  readonly vocab?: readonly string[];
  /** Throws a DataError (E0641) when a checkpoint being resumed was trained on other data. */
  checkResume(savedVocab: readonly string[] | undefined, path: string): void;
}

/** A split whose source adds to the run. */
export interface HookedSplit extends DataSplit {
  readonly hooks: DataRunHooks;
}

/** The hooks of a split; null for data that adds nothing. */
export function runHooksOf(split: DataSplit): DataRunHooks | null {
  return "hooks" in split ? (split as HookedSplit).hooks : null;
}
