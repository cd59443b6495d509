import type { BoundData } from "./bind.ts";
import type { CompiledModel } from "./compiled-model.ts";
import type { EpochMetrics, TrainReporter } from "./progress.ts";
import { TrainSession, type SessionOptions } from "./train-session.ts";

export interface LoopOptions extends SessionOptions {
  /** Epochs already completed (a resumed run); 0 for a fresh one. */
  readonly startEpoch: number;
  /** The shuffling stream's state when resuming; a fresh run derives it from `seed`. */
  readonly rngState: readonly number[] | null;
  readonly reporter: TrainReporter;
  /** Called after every epoch with the shuffling state for the next one (checkpointing). */
  readonly onEpochEnd?: (m: EpochMetrics, rngState: readonly number[]) => void;
  readonly now?: () => number;
}

/**
 * Trains for epochs startEpoch+1 … epochs: a TrainSession (the loop the playground runs too) driven to
 * the end, reporting progress after every step and the metrics after every epoch. A non-finite loss
 * or gradient stops training with E0645. Parameters must already be initialised (or restored).
 */
export function trainLoop(model: CompiledModel, train: BoundData, validation: BoundData | null, o: LoopOptions): EpochMetrics[] {
  const now = o.now ?? ((): number => performance.now());
  const session = new TrainSession(model, train, validation, o);
  const history: EpochMetrics[] = [];
  while (!session.finished) {
    const t0 = now();
    for (;;) {
      const r = session.step();
      o.reporter.step(r.epoch, r.examplesDone, r.examplesTotal, (now() - t0) / 1000, r.runningLoss);
      if (r.epochComplete) break;
    }
    const trainSeconds = (now() - t0) / 1000;
    const m = session.endEpoch();
    history.push(m);
    o.reporter.epochEnd(m, (now() - t0) / 1000, trainSeconds > 0 ? train.size / trainSeconds : 0);
    o.onEpochEnd?.(m, session.rngState());
  }
  return history;
}
