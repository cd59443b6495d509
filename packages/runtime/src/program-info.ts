import type { CompiledModel } from "./compiled-model.ts";
import type { DataSourceSpec } from "./data-args.ts";

/** The train section's settings as compiled into a program; null where the section leaves them out. */
export interface TrainSettings {
  readonly data: DataSourceSpec | null;
  readonly batch: number | null;
  readonly epochs: number | null;
  readonly seed: number | null;
  readonly lr: number | null;
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
}

/** What a generated program module exports: `PROGRAM` and `createModel(maxBatch)`. */
export interface ProgramModule {
  readonly PROGRAM: ProgramInfo;
  readonly createModel: (maxBatch: number) => CompiledModel;
}

export const DEFAULT_BATCH = 32;
export const DEFAULT_EPOCHS = 10;
export const DEFAULT_SEED = 0;
