import { bindData } from "./bind.ts";
import { checkpointOf, loadCheckpoint, restoreCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import type { CompiledModel } from "./compiled-model.ts";
import type { DataSourceSpec } from "./data-args.ts";
import { DataError } from "./data-error.ts";
import { loadData } from "./data-source.ts";
import { checkMemoryBudget } from "./memory-budget.ts";
import { formatDataSpec } from "./data-spec.ts";
import { jsonText } from "./json-text.ts";
import { jsonReporter, renderProgress, type EpochMetrics } from "./progress.ts";
import { DEFAULT_BATCH, DEFAULT_EPOCHS, DEFAULT_SEED, type ProgramInfo } from "./program-info.ts";
import { checkSaveTarget } from "./save-target.ts";
import { trainLoop } from "./train-loop.ts";

/** Command-line overrides of the train section (null: keep the section's value or the default). */
export interface RunOverrides {
  readonly epochs: number | null;
  readonly batch: number | null;
  readonly lr: number | null;
  readonly seed: number | null;
  /** `--data`: replaces the section's source; its paths are relative to `cwd`. */
  readonly data: DataSourceSpec | null;
  readonly save: string | null;
  readonly resume: string | null;
  readonly json: boolean;
  /** `--max-memory` in bytes (null or absent: half the machine's memory, at most 4 GiB). */
  readonly maxMemory?: number | null;
}

export interface RunIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly isTTY: boolean;
  readonly cwd: string;
}

export interface RunResult {
  readonly history: readonly EpochMetrics[];
  readonly epochs: number;
  readonly seconds: number;
}

/**
 * Runs training as `nnc train` and generated programs do: loads and binds the data, initialises the
 * parameters from the seed (or restores a checkpoint with --resume), trains with progress, saves a
 * checkpoint after every epoch when asked, and prints a final JSON line with --json.
 * User-fixable problems throw DataError.
 */
export function runTraining(info: ProgramInfo, createModel: (maxBatch: number) => CompiledModel, o: RunOverrides, io: RunIo): RunResult {
  const t = info.train;
  const spec = o.data ?? t?.data ?? null;
  if (spec === null) {
    throw new DataError("E0646", `model \`${info.model}\` has no data to train on`, { help: "add `data = …` to its train section, or pass --data (e.g. --data 'spirals(n=500)')" });
  }
  const batch = o.batch ?? t?.batch ?? DEFAULT_BATCH;
  const epochs = o.epochs ?? t?.epochs ?? DEFAULT_EPOCHS;
  let seed = o.seed ?? t?.seed ?? DEFAULT_SEED;
  // The planned arrays at this batch must fit the limit before any data or model memory is taken.
  checkMemoryBudget(info.model, info.memory, batch, o.maxMemory ?? null);
  const dataBase = o.data !== null ? io.cwd : info.dataDir;
  // Everything knowable about the save target is checked before data is loaded or a step is taken.
  if (o.save !== null) checkSaveTarget(o.save, info, spec, dataBase);
  const split = loadData(spec, dataBase);
  const model = createModel(batch);
  if (!model.meta.hasLoss) throw new DataError("E0646", `model \`${info.model}\` has no loss to train`, { help: `add \`train ${info.model} { loss = … }\`` });
  const train = bindData(model.meta, split.train, true);
  const validation = split.validation === null ? null : bindData(model.meta, split.validation, true);
  let startEpoch = 0;
  let rngState: readonly number[] | null = null;
  if (o.resume !== null) {
    const c = loadCheckpoint(o.resume);
    restoreCheckpoint(model, c, o.resume, true);
    startEpoch = c.epoch;
    rngState = c.rng;
    if (o.seed === null) seed = c.seed;
    if (c.lr !== null && o.lr === null) model.setLearningRate(c.lr);
  } else {
    model.initParams(seed);
  }
  if (o.lr !== null) model.setLearningRate(o.lr);
  const lr = o.lr ?? t?.lr ?? null;
  const reporter = o.json ? jsonReporter(io.out, io.err) : renderProgress(io.err, io.isTTY, epochs, startEpoch + 1);
  const valText = split.validation === null ? "no validation set" : `${split.validation.size} for validation`;
  reporter.message(`training ${info.model} on ${formatDataSpec(spec)}: ${split.train.size} examples, ${valText}; batch ${batch}, epochs ${startEpoch + 1}…${epochs}, seed ${seed}`);
  const t0 = performance.now();
  const history = trainLoop(model, train, validation, {
    epochs,
    seed,
    startEpoch,
    rngState,
    reporter,
    onEpochEnd: (m, state) => {
      if (o.save !== null) saveCheckpoint(o.save, checkpointOf(model, { source: info.source, epoch: m.epoch, seed, rng: state, lr }));
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const last = history.at(-1);
  if (o.json) io.out(jsonText({ final: true, epochs, seconds, ...(last ?? {}) }) + "\n");
  if (o.save !== null) reporter.message(`saved ${o.save}`);
  return { history, epochs, seconds };
}
