/**
 * The Worker's clock and bookkeeping, free of Worker globals (unit-tested in Node): every step's loss
 * until the next report, when the test set is measured again and the surface redrawn (each at most
 * a third of the time: the next one waits twice as long as the last one took, and at least a fixed
 * interval), and steps per second over about the last second of running.
 */
import type { Progress } from "./train-protocol.ts";

/** What a report reads from the trainer. */
export interface TrainerState {
  readonly steps: number;
  readonly epoch: number;
  readonly stepsPerEpoch: number;
  readonly plan: { readonly settings: { readonly epochs: number } };
}

export interface Measurement {
  readonly testLoss: number;
  readonly testAccuracy: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  /** Rows measured of each set, and the set's size. */
  readonly rows: Rows;
}

export interface Rows {
  readonly testRows: number;
  readonly testSize: number;
  readonly trainRows: number;
  readonly trainSize: number;
}

const NO_ROWS: Rows = { testRows: 0, testSize: 0, trainRows: 0, trainSize: 0 };

const EVAL_MS = 200;
const SURFACE_MS = 100;
/** Measuring may take at most 1/(1 + COST_FACTOR) of the time: a third, so a slow model (the CNN) still gets a test point every few dozen steps. */
const COST_FACTOR = 2;
const RATE_WINDOW_MS = 1000;

export class TrainPacer {
  /** One frame at 60 frames per second; a slice of steps at full speed. */
  readonly frameMs = 1000 / 60;
  readonly sliceMs = 40;
  private losses: number[] = [];
  private lastLoss = NaN;
  private nextEval = 0;
  private nextSurface = 0;
  private evalStep = 0;
  private testLoss = NaN;
  private testAccuracy = NaN;
  private trainAccuracy = NaN;
  private rows = NO_ROWS;
  /** (time, steps) at reports while running, oldest first, spanning about RATE_WINDOW_MS. */
  private samples: { t: number; steps: number }[] = [];

  reset(): void {
    this.losses = [];
    this.lastLoss = NaN;
    this.nextEval = 0;
    this.nextSurface = 0;
    this.evalStep = 0;
    this.testLoss = NaN;
    this.testAccuracy = NaN;
    this.trainAccuracy = NaN;
    this.rows = NO_ROWS;
    this.samples = [];
  }

  stepped(loss: number): void {
    this.losses.push(loss);
  }

  started(steps: number, now: number): void {
    this.samples = [{ t: now, steps }];
  }

  evalDue(now: number): boolean {
    return now >= this.nextEval;
  }

  surfaceDue(now: number): boolean {
    return now >= this.nextSurface;
  }

  /** A measurement at `step`, taken from `start` to `end`; before the first step, the train loss stands in for the batch losses. */
  measured(step: number, m: Measurement, start: number, end: number): void {
    this.evalStep = step;
    this.testLoss = m.testLoss;
    this.testAccuracy = m.testAccuracy;
    this.trainAccuracy = m.trainAccuracy;
    this.rows = m.rows;
    if (Number.isNaN(this.lastLoss) && this.losses.length === 0) this.lastLoss = m.trainLoss;
    this.nextEval = end + Math.max(EVAL_MS, COST_FACTOR * (end - start));
  }

  surfaced(start: number, end: number): void {
    this.nextSurface = end + Math.max(SURFACE_MS, COST_FACTOR * (end - start));
  }

  /** Steps per second over the samples of the last RATE_WINDOW_MS (0 when not running or too soon to say). */
  private rate(steps: number, running: boolean, now: number): number {
    if (!running) {
      this.samples = [];
      return 0;
    }
    this.samples.push({ t: now, steps });
    while (this.samples.length > 2 && now - this.samples[1]!.t >= RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    return now > first.t ? ((steps - first.steps) * 1000) / (now - first.t) : 0;
  }

  /** The report of the steps since the last one; empties the list of losses. */
  progress(t: TrainerState, running: boolean, now: number): Progress {
    const losses = Float32Array.from(this.losses);
    if (this.losses.length > 0) this.lastLoss = this.losses.reduce((a, b) => a + b, 0) / this.losses.length;
    this.losses = [];
    return {
      type: "progress",
      step: t.steps,
      epoch: t.epoch,
      epochs: t.plan.settings.epochs,
      stepsPerEpoch: t.stepsPerEpoch,
      losses,
      loss: this.lastLoss,
      evalStep: this.evalStep,
      testLoss: this.testLoss,
      testAccuracy: this.testAccuracy,
      trainAccuracy: this.trainAccuracy,
      ...this.rows,
      stepsPerSecond: this.rate(t.steps, running, now),
    };
  }
}
