/**
 * Training in the page, free of Worker globals so Node tests run the very same code: the compiled
 * class is instantiated at the batch size (as `nnc train` does: the validation loss is summed in
 * chunks of `maxBatch` rows, so a larger instance would round it differently), and the core's
 * `trainPlan` + `startTraining` — runTraining's own setup — bind the data by name, initialise the
 * parameters from the seed and start the session that runs the steps (shuffling, schedule, epoch
 * metrics). The page adds reports on (part of) the data and the decision surface of a 2-D classifier.
 */
import { argmax, bindMetrics, classCount, evaluate, optimizerLr, startTraining, trainPlan, type BoundData, type BoundMetric, type CompiledModel, type DataSplit, type EpochMetrics, type MetricSetting, type StepResult, type TrainSession, type TrainSettings as SectionSettings } from "@nnc/runtime/core";
import type { Graph } from "@nnc/compiler";
import type { DataSourceCall } from "./page-data.ts";
import type { TrainSettings } from "./settings.ts";

export interface Binding {
  /** Model input fed the features, train input fed the labels, output read for the surface. */
  readonly input: string;
  readonly label: string;
  readonly output: string;
}

/** Everything the Worker needs to train one program: plain data, posted as one message. */
export interface PagePlan {
  /** JavaScript of the model class from compile() (target "js"): compiler output only. */
  readonly code: string;
  readonly className: string;
  /** A point set's data source call, or `digits` with `val` and `seed`. */
  readonly data: DataSourceCall;
  readonly settings: TrainSettings;
  /** The train section's metrics (null: the core's default), so epoch metrics are `nnc train`'s. */
  readonly metrics: readonly MetricSetting[] | null;
  readonly bind: Binding;
  /** The lowered graph (the program's named values), for `inspect` of values the class keeps no buffer for. */
  readonly graph: Graph;
}

export interface Evaluation {
  readonly loss: number;
  /** Fraction of examples whose largest output is the label's. */
  readonly accuracy: number;
}

type ModelClass = new (maxBatch: number) => CompiledModel;

/**
 * Builds the generated class from its source text — compiler output only, never user text — by
 * importing it as an ES module from a `data:` URL (no network, no eval of strings from the page).
 */
export async function instantiate(code: string, className: string, maxBatch: number): Promise<CompiledModel> {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(className)) throw new Error(`not a class name: ${className}`);
  const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(`${code}\nexport default ${className};\n`)}`;
  const mod = (await import(/* @vite-ignore */ url)) as { default: ModelClass };
  return new mod.default(maxBatch);
}

/** The first `limit` examples of `b` (reports evaluate on part of a large set). */
function firstRows(b: BoundData, limit: number): BoundData {
  return limit >= b.size ? b : { ...b, size: limit };
}

export class PageTrainer {
  readonly session: TrainSession;
  readonly train: BoundData;
  readonly test: BoundData | null;
  /** Optimizer steps taken, and the metrics of the last finished epoch (as `nnc train --json` prints them). */
  steps = 0;
  lastEpoch: EpochMetrics | null = null;
  lastStep: StepResult | null = null;
  private readonly accuracy: readonly BoundMetric[];

  constructor(
    readonly model: CompiledModel,
    split: DataSplit,
    readonly plan: PagePlan,
  ) {
    const s = plan.settings;
    // The page's settings as a train section: the core resolves them exactly as runTraining does
    // (base lr, defaults), binds the split by name, seeds the parameters and starts the session.
    const section: SectionSettings = { data: null, batch: s.batch, epochs: s.epochs, seed: s.seed, lr: optimizerLr(s.optimizer), optimizer: s.optimizer, schedule: s.schedule, metrics: plan.metrics, clip: s.clip };
    this.session = startTraining(model, split, trainPlan(section));
    // The page's reports and plots read the examples the session bound.
    this.train = this.session.train;
    this.test = this.session.validation;
    // Accuracy of a [B, C] classifier with [B] labels; other models (char models) report NaN.
    this.accuracy = classCount(model.meta) === null ? [] : bindMetrics(model.meta, [{ kind: "accuracy", args: {} }]);
  }

  /** Optimizer steps per epoch, and in the whole run. */
  get stepsPerEpoch(): number {
    return this.session.stepsPerEpoch;
  }

  /** Epochs completed. */
  get epoch(): number {
    return this.session.epoch - 1;
  }

  get finished(): boolean {
    return this.session.finished;
  }

  /** One optimizer step on the next batch (an epoch's last step also closes it). Throws E0645 when not finite. */
  step(): number {
    const r = this.session.step();
    this.lastStep = r;
    this.steps++;
    if (r.epochComplete) this.lastEpoch = this.session.endEpoch();
    return r.loss;
  }

  /** Mean loss and accuracy over the first `limit` examples of the train or test set. */
  evaluate(which: "train" | "test", limit = Infinity): Evaluation {
    const b = which === "train" ? this.train : this.test;
    if (b === null || b.size === 0) return { loss: NaN, accuracy: NaN };
    const r = evaluate(this.model, firstRows(b, limit), this.accuracy);
    return { loss: r.loss, accuracy: r.metrics["accuracy"] ?? NaN };
  }

  /**
   * The classifier on a res×res grid over [lo, hi]²: per cell, the winning class and its softmax
   * probability (row 0 is the top of the picture, y = hi).
   */
  surface(res: number, lo: number, hi: number): { cls: Uint8Array; conf: Float32Array } {
    const total = res * res;
    const cls = new Uint8Array(total);
    const conf = new Float32Array(total);
    const m = this.model;
    const x = m.inputs[this.plan.bind.input]!;
    const out = m.outputs[this.plan.bind.output]!;
    const c = out.length / m.maxBatch;
    const step = (hi - lo) / (res - 1);
    for (let start = 0; start < total; start += m.maxBatch) {
      const rows = Math.min(m.maxBatch, total - start);
      for (let r = 0; r < rows; r++) {
        const cell = start + r;
        x[2 * r] = lo + (cell % res) * step;
        x[2 * r + 1] = hi - Math.floor(cell / res) * step;
      }
      m.forward(rows);
      for (let r = 0; r < rows; r++) {
        const k = argmax(out, r * c, c);
        cls[start + r] = k;
        conf[start + r] = softmaxAt(out, r * c, c, k);
      }
    }
    return { cls, conf };
  }
}

/** Instantiates the plan's class at its batch size and starts a trainer on `split`. */
export async function startTrainer(plan: PagePlan, split: DataSplit): Promise<PageTrainer> {
  const model = await instantiate(plan.code, plan.className, plan.settings.batch);
  return new PageTrainer(model, split, plan);
}

function softmaxAt(a: ArrayLike<number>, off: number, n: number, k: number): number {
  const m = a[off + k]!;
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(a[off + j]! - m);
  return 1 / s;
}
