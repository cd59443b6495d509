import { bindData } from "./bind.ts";
import { checkpointOf, loadCheckpoint, restoreCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import type { BoundData } from "./bind.ts";
import type { CompiledModel } from "./compiled-model.ts";
import type { DataSourceSpec } from "./data-args.ts";
import type { DataSplit } from "./dataset.ts";
import { DataError } from "./data-error.ts";
import { checkMemoryBudget } from "./memory-budget.ts";
import { formatDataSpec } from "./data-spec.ts";
import { runHooksOf } from "./data-run-hooks.ts";
import { jsonText } from "./json-text.ts";
import { epochRecord, jsonReporter, renderProgress, settingText, type EpochMetrics } from "./progress.ts";
import type { ProgramInfo, TrainSettings } from "./program-info.ts";
import { checkSaveTarget } from "./save-target.ts";
import { trainLoop } from "./train-loop.ts";
import { trainPlan } from "./train-plan.ts";

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
  /**
   * Loads a data source (relative paths against `baseDir`): `loadData` of data-source.ts for `nnc train`,
   * a generated program's own dispatcher over the loaders compiled into it. Injected so that this file
   * pulls no loader into a program.
   */
  readonly loadData: (spec: DataSourceSpec, baseDir: string) => DataSplit;
  /** Told what the run resolved before its first step, and each epoch after its checkpoint (`nnc train --report`). */
  readonly observer?: RunObserver;
}

/** What a run resolved before its first step: the model, the bound data and the settings in force. */
export interface RunBegin {
  readonly model: CompiledModel;
  readonly train: BoundData;
  readonly validation: BoundData | null;
  readonly spec: DataSourceSpec;
  readonly batch: number;
  readonly epochs: number;
  /** Epochs a resumed checkpoint had completed; 0 for a fresh run. */
  readonly startEpoch: number;
  readonly seed: number;
  /** The base rate the schedule scales (null: the optimizer's own). */
  readonly lr: number | null;
}

/** Watches a run (`nnc train --report`); the model may be read (forward passes) between epochs. */
export interface RunObserver {
  begin(run: RunBegin): void;
  epoch(m: EpochMetrics): void;
}

export interface RunResult {
  readonly history: readonly EpochMetrics[];
  readonly epochs: number;
  readonly seconds: number;
}

/** `; adam(lr = 0.01, …), schedule cosine(warmup = 100, min_lr = 0)` for the opening line; `--lr` is shown as given. */
function trainingText(t: TrainSettings | null, cliLr: number | null): string {
  const parts: string[] = [];
  if (t?.optimizer !== undefined && t.optimizer !== null) parts.push(settingText(t.optimizer));
  if (cliLr !== null) parts.push(`--lr ${cliLr}`);
  if (t?.schedule !== undefined && t.schedule !== null && t.schedule.kind !== "constant") parts.push(`schedule ${settingText(t.schedule)}`);
  if (t?.clip !== undefined && t.clip !== null) parts.push(`clip ${settingText(t.clip)}`);
  return parts.length === 0 ? "" : `; ${parts.join(", ")}`;
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
  const plan = trainPlan(t, o);
  const { batch, epochs } = plan;
  let seed = plan.seed;
  // The planned arrays at this batch must fit the limit before any data or model memory is taken.
  checkMemoryBudget(info.model, info.memory, batch, o.maxMemory ?? null);
  const dataBase = o.data !== null ? io.cwd : info.dataDir;
  // Everything knowable about the save target is checked before data is loaded or a step is taken.
  if (o.save !== null) checkSaveTarget(o.save, info, spec, dataBase);
  const split = io.loadData(spec, dataBase);
  const hooks = runHooksOf(split);
  const model = createModel(batch);
  // The model's worker threads (a class compiled for several) end with the run, however it ends.
  try {
    if (!model.meta.hasLoss) throw new DataError("E0646", `model \`${info.model}\` has no loss to train`, { help: `add \`train ${info.model} { loss = … }\`` });
    hooks?.checkFits(model.meta);
    const train = bindData(model.meta, split.train, true);
    const validation = split.validation === null ? null : bindData(model.meta, split.validation, true);
    let startEpoch = 0;
    let rngState: readonly number[] | null = null;
    let resumedLr: number | null = null;
    if (o.resume !== null) {
      const c = loadCheckpoint(o.resume);
      restoreCheckpoint(model, c, o.resume, true, t?.optimizer?.kind);
      hooks?.checkResume(c.vocab, o.resume);
      startEpoch = c.epoch;
      rngState = c.rng;
      if (o.seed === null) seed = c.seed;
      resumedLr = c.lr;
    } else {
      model.initParams(seed);
    }
    // The base rate the schedule scales: --lr, else the resumed run's, else the section's, else the optimizer's default.
    const lr = o.lr ?? resumedLr ?? plan.lr;
    const baseLr = lr ?? plan.baseLr;
    const reporter = o.json ? jsonReporter(io.out, io.err) : renderProgress(io.err, io.isTTY, epochs, startEpoch + 1);
    const valText = split.validation === null ? "no validation set" : `${split.validation.size} for validation`;
    reporter.message(`training ${info.model} on ${formatDataSpec(spec)}: ${split.train.size} examples, ${valText}; batch ${batch}, epochs ${startEpoch + 1}…${epochs}, seed ${seed}${trainingText(t, o.lr)}`);
    for (const line of hooks?.summary() ?? []) reporter.message(line);
    const extraMetrics = hooks?.metrics(model.meta) ?? [];
    io.observer?.begin({ model, train, validation, spec, batch, epochs, startEpoch, seed, lr: baseLr });
    const t0 = performance.now();
    const history = trainLoop(model, train, validation, {
      epochs,
      seed,
      startEpoch,
      rngState,
      baseLr,
      schedule: plan.schedule,
      metrics: plan.metrics,
      ...(extraMetrics.length === 0 ? {} : { extraMetrics }),
      reporter,
      onEpochEnd: (m, state) => {
        if (o.save !== null) saveCheckpoint(o.save, checkpointOf(model, { source: info.source, epoch: m.epoch, seed, rng: state, lr, ...(hooks?.vocab === undefined ? {} : { vocab: hooks.vocab }), ...(t?.optimizer === undefined || t.optimizer === null ? {} : { optimizer: t.optimizer.kind }) }));
        io.observer?.epoch(m);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const last = history.at(-1);
    const verdict = hooks?.verdict(last?.val_metrics) ?? null;
    if (verdict !== null) reporter.message(verdict);
    if (o.json) io.out(jsonText({ final: true, epochs, seconds, ...(last === undefined ? {} : epochRecord(last)) }) + "\n");
    if (o.save !== null) reporter.message(`saved ${o.save}`);
    return { history, epochs, seconds };
  } finally {
    model.close?.();
  }
}
