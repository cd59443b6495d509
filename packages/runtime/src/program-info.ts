import type { CompiledModel } from "./compiled-model.ts";
import type { DataSourceSpec } from "./data-args.ts";
import type { ClipSetting, MetricSetting, OptimizerSetting, ScheduleSetting } from "./settings.ts";

/** The train section's settings as compiled into a program; null where the section leaves them out. */
export interface TrainSettings {
  readonly data: DataSourceSpec | null;
  readonly batch: number | null;
  readonly epochs: number | null;
  readonly seed: number | null;
  /** The section's lr (the optimizer's `lr =`), or null when it leaves the optimizer's default. */
  readonly lr: number | null;
  /**
   * The optimizer with every argument filled in (defaults included; `args.lr` is the base rate the
   * schedule scales), the schedule (null: constant), the selected metrics (null: accuracy for a
   * classifier, none otherwise) and the gradient clipping (null: none). Plain data from settings.ts;
   * optional only while older compilers' programs lack them.
   */
  readonly optimizer?: OptimizerSetting | null;
  readonly schedule?: ScheduleSetting | null;
  readonly metrics?: readonly MetricSetting[] | null;
  readonly clip?: ClipSetting | null;
}

export type MemoryRole = "param" | "buffer" | "gradient" | "optimizer" | "input" | "output" | "activation" | "constant" | "other";

/** One array of the model's planned memory (memory-budget.ts). */
export interface MemoryTensor {
  /** A value the array holds (`W1`, `dW1`, `m:W1`, `h1`), or a summary of several. */
  readonly name: string;
  readonly role: MemoryRole;
  readonly bytesPerElement: number;
  /** Element count as a polynomial in the batch size b: Σ elements[k]·b^k. */
  readonly elements: readonly number[];
}

/**
 * What a generated program knows about itself: its `.nn` source, the model, the folder that relative
 * data paths of the train section are resolved against (as written at compile time), and the train
 * settings (null for a model without a train section).
 */
export interface ProgramInfo {
  readonly source: string;
  readonly model: string;
  readonly dataDir: string;
  readonly train: TrainSettings | null;
  /** The arrays the model class allocates, checked against the memory limit before it does. */
  readonly memory?: readonly MemoryTensor[];
}

/** What a generated program module exports: `PROGRAM` and `createModel(maxBatch)`. */
export interface ProgramModule {
  readonly PROGRAM: ProgramInfo;
  readonly createModel: (maxBatch: number) => CompiledModel;
}

export const DEFAULT_BATCH = 32;
export const DEFAULT_EPOCHS = 10;
export const DEFAULT_SEED = 0;
