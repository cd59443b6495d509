import { fillBatch, type BoundData } from "./bind.ts";
import type { CompiledModel } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import { accuracyKind, countCorrect, type AccuracyKind } from "./metrics.ts";
import type { EpochMetrics, TrainReporter } from "./progress.ts";
import { deriveSeed, Rng, shuffleInPlace } from "./rng.ts";

export interface LoopOptions {
  readonly epochs: number;
  readonly seed: number;
  /** Epochs already completed (a resumed run); 0 for a fresh one. */
  readonly startEpoch: number;
  /** The shuffling stream's state when resuming; a fresh run derives it from `seed`. */
  readonly rngState: readonly number[] | null;
  readonly reporter: TrainReporter;
  /** Called after every epoch with the shuffling state for the next one (checkpointing). */
  readonly onEpochEnd?: (m: EpochMetrics, rngState: readonly number[]) => void;
  readonly now?: () => number;
}

/** The stream that shuffles the training examples: derived from the run seed, one draw sequence per run. */
export function shuffleRng(seed: number): Rng {
  return new Rng(deriveSeed(seed, 0x5eed));
}

/** Mean loss (weighted by rows) and accuracy of `bound` without updating; batches of `model.maxBatch`. */
export function evaluate(model: CompiledModel, bound: BoundData, acc: AccuracyKind): { loss: number; accuracy: number | null } {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < bound.size; start += model.maxBatch) {
    const rows = Math.min(model.maxBatch, bound.size - start);
    fillBatch(model, bound, null, start, rows);
    lossSum += model.evalLoss(rows) * rows;
    if (acc.kind !== "none") {
      model.forward(rows);
      correct += countCorrect(model, acc, rows);
    }
  }
  return { loss: lossSum / bound.size, accuracy: acc.kind === "none" ? null : correct / bound.size };
}

const STABLE_OPS = "use a numerically stable op (log_softmax, cross_entropy from logits)";

/**
 * E0645 for a failed step, naming the first non-finite value in program order: a forward value (the
 * loss overflowed, or a parameter after an update), or a backward value with the rule that made it.
 */
function nonFinite(model: CompiledModel, epoch: number, step: number, loss: number, updated: boolean): DataError {
  const at = model.firstNonFinite();
  const when = `at epoch ${epoch}, step ${step}`;
  if (at === null) return new DataError("E0645", `the loss became ${String(loss)} ${when}`, { help: `lower the learning rate (--lr), check the data for huge or missing values, or ${STABLE_OPS}` });
  const line = at.line > 0 ? { sourceLine: at.line } : {};
  if (at.gradient === true) {
    const what = at.rule === undefined ? `\`${at.value}\` (line ${at.line}), a forward value the loss masks (e.g. with \`where\`) but its gradient does not` : `\`${at.value}\`, computed by rule \`${at.rule}\` of \`${at.of ?? ""}\` (line ${at.line})`;
    return new DataError("E0645", `a gradient became non-finite ${when}, though the loss is finite; the first non-finite value is ${what}`, {
      ...line,
      help: "a derivative is infinite where its forward value is finite (sqrt or log at 0, x ^ p with p < 1 at 0), or a `where` hides an overflow from the loss but not from the gradient: keep such arguments away from 0 (`sqrt(x + 1e-6)`) and clamp before `exp` (`exp(minimum(x, 30))`)",
    });
  }
  const param = updated && model.meta.params.some((p) => p.name === at.value);
  return new DataError("E0645", `the loss became ${String(loss)} ${when}; the first non-finite value is \`${at.value}\` (line ${at.line})${param ? ", a parameter the previous update made non-finite" : ""}`, {
    ...line,
    help: param ? "lower the learning rate (--lr)" : `lower the learning rate (--lr), check the data for huge or missing values, or ${STABLE_OPS}`,
  });
}

/**
 * Trains for epochs startEpoch+1 … epochs. Each epoch shuffles the training examples with the
 * seeded stream, runs full batches of `model.maxBatch` and a last partial batch of the remaining rows,
 * then evaluates on the validation set. A non-finite loss or gradient stops training with E0645.
 * Parameters must already be initialised (or restored).
 */
export function trainLoop(model: CompiledModel, train: BoundData, validation: BoundData | null, o: LoopOptions): EpochMetrics[] {
  const now = o.now ?? ((): number => performance.now());
  const acc = accuracyKind(model.meta);
  const rng = shuffleRng(o.seed);
  if (o.rngState !== null) rng.setState(o.rngState);
  const order = new Int32Array(train.size);
  const history: EpochMetrics[] = [];
  for (let epoch = o.startEpoch + 1; epoch <= o.epochs; epoch++) {
    const t0 = now();
    model.reseed?.(deriveSeed(o.seed, epoch));
    for (let i = 0; i < order.length; i++) order[i] = i;
    shuffleInPlace(order, rng);
    let lossSum = 0;
    let correct = 0;
    let step = 0;
    for (let start = 0; start < train.size; start += model.maxBatch) {
      const rows = Math.min(model.maxBatch, train.size - start);
      fillBatch(model, train, order, start, rows);
      const loss = model.trainStep(rows);
      step++;
      if (!Number.isFinite(loss)) throw nonFinite(model, epoch, step, loss, epoch > o.startEpoch + 1 || step > 1);
      lossSum += loss * rows;
      correct += countCorrect(model, acc, rows);
      o.reporter.step(epoch, start + rows, train.size, (now() - t0) / 1000, lossSum / (start + rows));
    }
    const trainSeconds = (now() - t0) / 1000;
    const val = validation === null ? null : evaluate(model, validation, acc);
    const m: EpochMetrics = {
      epoch,
      loss: lossSum / train.size,
      accuracy: acc.kind === "none" ? null : correct / train.size,
      val_loss: val === null ? null : val.loss,
      val_accuracy: val === null ? null : val.accuracy,
    };
    history.push(m);
    o.reporter.epochEnd(m, (now() - t0) / 1000, trainSeconds > 0 ? train.size / trainSeconds : 0);
    o.onEpochEnd?.(m, rng.getState());
  }
  return history;
}
