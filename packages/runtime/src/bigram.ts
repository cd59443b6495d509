/**
 * The bigram baseline of text data: the next-character model from counts of the training split, scored
 * on the validation split. Every line is the sequence `0 c1 … cL 0` (0 the boundary), and the pairs
 * (s_j, s_{j+1}) for j = 0…L are exactly the (x, y) positions where a text row's mask is 1. With n(a, b)
 * the training count of pair (a, b) and n(a) = Σ_b n(a, b), add-one smoothing over the V + 1 symbols gives
 *   P(b | a) = (n(a, b) + 1) / (n(a) + V + 1),
 * and the baseline is −(1/N) Σ log P(b | a) over the N validation pairs, in nats per character.
 */

/** Pair counts of `lines` (ids 1…V, no boundaries) over V + 1 symbols, row-major [a][b]. */
export function bigramCounts(lines: readonly Int32Array[], vocabSize: number): Float64Array {
  const s = vocabSize + 1;
  const counts = new Float64Array(s * s);
  for (const ids of lines) {
    let prev = 0;
    for (const id of ids) {
      counts[prev * s + id]!++;
      prev = id;
    }
    counts[prev * s]!++;
  }
  return counts;
}

/** Mean −log P(b | a) over every pair of `lines` with add-one smoothing; null when there is no pair. */
export function bigramCrossEntropy(counts: Float64Array, vocabSize: number, lines: readonly Int32Array[]): number | null {
  const s = vocabSize + 1;
  const rowTotals = new Float64Array(s);
  for (let a = 0; a < s; a++) {
    let t = 0;
    for (let b = 0; b < s; b++) t += counts[a * s + b]!;
    rowTotals[a] = t;
  }
  const nll = (a: number, b: number): number => -Math.log((counts[a * s + b]! + 1) / (rowTotals[a]! + s));
  let sum = 0;
  let n = 0;
  for (const ids of lines) {
    let prev = 0;
    for (const id of ids) {
      sum += nll(prev, id);
      prev = id;
    }
    sum += nll(prev, 0);
    n += ids.length + 1;
  }
  return n === 0 ? null : sum / n;
}
