/** The confusion matrix of a classifier on labelled rows: counts[label · classes + predicted]. */
import { argmax } from "@nnc/runtime/core";

export interface Confusion {
  readonly classes: number;
  readonly counts: Int32Array;
  readonly total: number;
  readonly correct: number;
}

/** Predictions are the argmax of each row of `scores` (rows × classes). */
export function confusion(labels: ArrayLike<number>, scores: ArrayLike<number>, classes: number): Confusion {
  const counts = new Int32Array(classes * classes);
  let correct = 0;
  for (let r = 0; r < labels.length; r++) {
    const y = labels[r]!;
    const p = argmax(scores, r * classes, classes);
    if (y < 0 || y >= classes) continue;
    counts[y * classes + p]!++;
    if (y === p) correct++;
  }
  let total = 0;
  for (const c of counts) total += c;
  return { classes, counts, total, correct };
}

/** The off-diagonal cell with the largest count (ties: the first), or null when every row is right. */
export function worstConfusion(c: Confusion): { label: number; predicted: number; count: number } | null {
  let best: { label: number; predicted: number; count: number } | null = null;
  for (let y = 0; y < c.classes; y++) {
    for (let p = 0; p < c.classes; p++) {
      const n = c.counts[y * c.classes + p]!;
      if (y !== p && n > 0 && (best === null || n > best.count)) best = { label: y, predicted: p, count: n };
    }
  }
  return best;
}

/** Class probabilities of row `r` (rows × n): softmax of logits, exp of log-probabilities, probabilities as they are. */
export function probabilitiesRow(scores: ArrayLike<number>, r: number, n: number, kind: "logits" | "probabilities" | "log-probabilities"): Float32Array {
  if (kind === "logits") return softmaxRow(scores, r, n);
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = kind === "probabilities" ? scores[r * n + j]! : Math.exp(scores[r * n + j]!);
  return out;
}

/** softmax of row `r` of `scores` (rows × n), shifted by the row's maximum. */
export function softmaxRow(scores: ArrayLike<number>, r: number, n: number): Float32Array {
  const out = new Float32Array(n);
  let m = -Infinity;
  for (let j = 0; j < n; j++) m = Math.max(m, scores[r * n + j]!);
  let s = 0;
  for (let j = 0; j < n; j++) {
    out[j] = Math.exp(scores[r * n + j]! - m);
    s += out[j]!;
  }
  for (let j = 0; j < n; j++) out[j] = out[j]! / s;
  return out;
}
