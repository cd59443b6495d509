import { fillBatch, type BoundData } from "./bind.ts";
import type { CompiledModel } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import { bindMetrics, MetricSums, type BoundMetric } from "./metrics.ts";
import { nonFiniteError } from "./non-finite.ts";
import type { EpochMetrics } from "./progress.ts";
import { deriveSeed, Rng, shuffleInPlace } from "./rng.ts";
import { learningRate, scheduleUsesBaseLr } from "./schedules.ts";
import type { MetricSetting, ScheduleSetting } from "./settings.ts";

/** How a TrainSession runs; `nnc train`, generated programs and the playground give the same values. */
export interface SessionOptions {
  /** The last epoch to train (epochs are counted from 1). */
  readonly epochs: number;
  /** The run seed: the shuffling stream and the model's per-epoch reseeds derive from it (initParams is the caller's). */
  readonly seed: number;
  /** Epochs already completed (a resumed run); 0 or absent for a fresh one. */
  readonly startEpoch?: number;
  /** The shuffling stream's state when resuming; absent or null: derived from `seed`. */
  readonly rngState?: readonly number[] | null;
  /** The schedule's base rate (--lr, else the optimizer's lr); null: the model's own lr is left alone. */
  readonly baseLr?: number | null;
  /** null or absent: constant. */
  readonly schedule?: ScheduleSetting | null;
  /** null or absent: defaultMetrics (accuracy for a classifier, none for regression). */
  readonly metrics?: readonly MetricSetting[] | null;
  /** Metrics the data adds after the selected ones (text data: `nats`, text-data-metric.ts); reported like them. */
  readonly extraMetrics?: readonly BoundMetric[];
  /** Examples per step, at most `model.maxBatch`; absent: `model.maxBatch` (validation always runs in batches of maxBatch). */
  readonly batch?: number;
}

/** What one optimizer step did. */
export interface StepResult {
  /** This batch's mean loss (always finite: a non-finite one throws E0645). */
  readonly loss: number;
  /** The epoch (from 1) and the step within it (from 1). */
  readonly epoch: number;
  readonly step: number;
  /** The step's position in the whole run, 0…totalSteps−1: the schedule's t. */
  readonly t: number;
  /** The learning rate this step used; null when the session leaves the model's own. */
  readonly lr: number | null;
  readonly examplesDone: number;
  readonly examplesTotal: number;
  /** Mean loss over this epoch's steps so far (weighted by rows). */
  readonly runningLoss: number;
  /** The epoch's last step: call endEpoch() before the next step. */
  readonly epochComplete: boolean;
}

/** The stream that shuffles the training examples: derived from the run seed, one draw sequence per run. */
export function shuffleRng(seed: number): Rng {
  return new Rng(deriveSeed(seed, 0x5eed));
}

/** Mean loss (weighted by rows) and the metrics of `bound` without updating; batches of `model.maxBatch`. */
export function evaluate(model: CompiledModel, bound: BoundData, metrics: readonly BoundMetric[]): { loss: number; metrics: Record<string, number> } {
  let lossSum = 0;
  const sums = new MetricSums(metrics);
  for (let start = 0; start < bound.size; start += model.maxBatch) {
    const rows = Math.min(model.maxBatch, bound.size - start);
    fillBatch(model, bound, null, start, rows);
    lossSum += model.evalLoss(rows) * rows;
    if (metrics.length > 0) {
      model.forward(rows);
      sums.add(model, rows);
    }
  }
  return { loss: lossSum / bound.size, metrics: sums.values() };
}

/**
 * Training one step at a time: the loop of `nnc train` and of the playground. Each epoch reseeds the
 * model from (seed, epoch), shuffles the examples with the seeded stream, then runs full batches of
 * `batch` (default `model.maxBatch`) and a last partial one; before every step the schedule sets the learning rate for
 * t = (epoch − 1)·stepsPerEpoch + step − 1. Parameters must already be initialised (or restored).
 */
export class TrainSession {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly metrics: readonly BoundMetric[];
  private readonly rng: Rng;
  private readonly order: Int32Array;
  private epochNo: number;
  /** The next example (in shuffled order) of the current epoch; 0 before its first step. */
  private next = 0;
  private stepNo = 0;
  private lossSum = 0;
  private sums: MetricSums;
  private awaitingEnd = false;
  private stepped = false;
  private baseLr: number | null;
  private readonly batch: number;

  constructor(
    private readonly model: CompiledModel,
    /** The bound training and validation sets (read them, e.g. to plot; the session never changes them). */
    readonly train: BoundData,
    readonly validation: BoundData | null,
    private readonly o: SessionOptions,
  ) {
    this.batch = o.batch ?? model.maxBatch;
    if (!(Number.isInteger(this.batch) && this.batch >= 1 && this.batch <= model.maxBatch)) throw new RangeError(`TrainSession: batch ${this.batch} is not in 1…maxBatch (${model.maxBatch})`);
    this.baseLr = o.baseLr ?? null;
    this.stepsPerEpoch = Math.ceil(train.size / this.batch);
    this.totalSteps = o.epochs * this.stepsPerEpoch;
    this.metrics = [...bindMetrics(model.meta, o.metrics), ...(o.extraMetrics ?? [])];
    this.sums = new MetricSums(this.metrics);
    this.rng = shuffleRng(o.seed);
    if (o.rngState !== undefined && o.rngState !== null) this.rng.setState(o.rngState);
    this.order = new Int32Array(train.size);
    this.epochNo = (o.startEpoch ?? 0) + 1;
    const s = o.schedule;
    if (s !== undefined && s !== null && s.kind !== "constant" && scheduleUsesBaseLr(s) && this.baseLr === null) {
      throw new DataError("E0671", `the schedule \`${s.kind}\` needs a base learning rate, and none is known`, { help: "give the optimizer an lr (`optimizer = sgd(lr = 0.1)`) or pass --lr" });
    }
  }

  /** Whether every epoch up to `epochs` is done. */
  get finished(): boolean {
    return this.epochNo > this.o.epochs;
  }

  /** The epoch the next step belongs to (or that endEpoch() closes). */
  get epoch(): number {
    return this.epochNo;
  }

  /** The learning rate of step t: the schedule's, the base rate, or null (leave the model's). */
  lrAt(t: number): number | null {
    const s = this.o.schedule ?? null;
    const base = this.baseLr;
    if (s === null || s.kind === "constant") return base;
    return learningRate(s, base ?? Number.NaN, t, this.totalSteps);
  }

  /** Changes the base rate for the steps to come (the playground's lr control); the schedule keeps scaling it. */
  setBaseLr(lr: number): void {
    this.baseLr = lr;
  }

  private beginEpoch(): void {
    this.model.reseed?.(deriveSeed(this.o.seed, this.epochNo));
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    shuffleInPlace(this.order, this.rng);
    this.stepNo = 0;
    this.lossSum = 0;
    this.sums = new MetricSums(this.metrics);
  }

  /** One optimizer step on the next batch; E0645 (DataError) when the loss or a gradient is not finite. */
  step(): StepResult {
    if (this.finished) throw new Error("TrainSession.step: every epoch is done");
    if (this.awaitingEnd) throw new Error("TrainSession.step: the epoch is complete; call endEpoch() first");
    if (this.next === 0) this.beginEpoch();
    const size = this.train.size;
    const rows = Math.min(this.batch, size - this.next);
    fillBatch(this.model, this.train, this.order, this.next, rows);
    const t = (this.epochNo - 1) * this.stepsPerEpoch + this.stepNo;
    const lr = this.lrAt(t);
    if (lr !== null) this.model.setLearningRate(lr);
    const loss = this.model.trainStep(rows);
    this.stepNo++;
    if (!Number.isFinite(loss)) throw nonFiniteError(this.model, this.epochNo, this.stepNo, loss, this.stepped);
    this.stepped = true;
    this.lossSum += loss * rows;
    this.sums.add(this.model, rows);
    this.next += rows;
    this.awaitingEnd = this.next >= size;
    return { loss, epoch: this.epochNo, step: this.stepNo, t, lr, examplesDone: this.next, examplesTotal: size, runningLoss: this.lossSum / this.next, epochComplete: this.awaitingEnd };
  }

  /** Closes the epoch whose last step just ran: evaluates on the validation set and returns what the epoch measured. */
  endEpoch(): EpochMetrics {
    if (!this.awaitingEnd) throw new Error("TrainSession.endEpoch: the epoch has steps left");
    const val = this.validation === null ? null : evaluate(this.model, this.validation, this.metrics);
    const m: EpochMetrics = { epoch: this.epochNo, loss: this.lossSum / this.train.size, val_loss: val === null ? null : val.loss, metrics: this.sums.values(), val_metrics: val === null ? null : val.metrics };
    this.epochNo++;
    this.next = 0;
    this.awaitingEnd = false;
    return m;
  }

  /** The shuffling stream's state: after endEpoch(), what a checkpoint stores to resume the next epoch. */
  rngState(): number[] {
    return this.rng.getState();
  }
}
