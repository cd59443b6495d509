import type { CompiledModel, FloatArray } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import type { CharModel, ModelPlace } from "./sample-contract.ts";
import { decodeIds } from "./text-vocab.ts";

export * from "./sample-contract.ts";

/** Where draws come from: the runtime's Rng, or a fixed sequence in tests. */
export interface UniformSource {
  /** Uniform in [0, 1). */
  uniform(): number;
}

/**
 * One id drawn from `logits[offset … offset + count)` (finite values): with temperature τ > 0 from
 * softmax(l / τ), i.e. P(i) = exp((l_i − m) / τ) / Σ_j exp((l_j − m) / τ) with m = max l (the shift
 * keeps every exponent ≤ 0 and changes no ratio), by inverting the cumulative sum at one uniform
 * draw u·Σ; with τ = 0 the first largest logit (greedy, no draw).
 */
export function drawId(logits: ArrayLike<number>, offset: number, count: number, temperature: number, rng: UniformSource): number {
  let best = 0;
  for (let i = 1; i < count; i++) if (logits[offset + i]! > logits[offset + best]!) best = i;
  if (temperature === 0) return best;
  const m = logits[offset + best]!;
  const weights = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    weights[i] = Math.exp((logits[offset + i]! - m) / temperature);
    total += weights[i]!;
  }
  // total ≥ 1 (the largest logit's weight is exp(0)), so u < total always selects an id.
  const u = rng.uniform() * total;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    sum += weights[i]!;
    if (u < sum) return i;
  }
  // Rounding can leave u ≥ the running sum at the end: the last id with weight.
  for (let i = count - 1; i > 0; i--) if (weights[i]! > 0) return i;
  return 0;
}

export interface SampleSettings {
  /** Ids of the prompt's characters, at most T − 1 (see encodePrompt). */
  readonly prompt: readonly number[];
  /** ≥ 0; 0 draws the most likely id. */
  readonly temperature: number;
  /** The stream draws come from; a whole run of samples shares one. */
  readonly rng: UniformSource;
}

function nonFinite(m: CharModel, logits: FloatArray, at: number, count: number, position: number): DataError | null {
  for (let i = 0; i < count; i++) {
    const v = logits[at + i]!;
    if (!Number.isFinite(v)) {
      return new DataError("E0655", `the logits \`${m.output}\` of model \`${m.model}\` at position ${position} are not finite (${v} for id ${i}), so no character can be drawn`, {
        where: `output ${m.output}` satisfies ModelPlace,
        help: "the checkpoint's parameters make the forward pass overflow: check that its training losses were finite, or use an earlier checkpoint",
      });
    }
  }
  return null;
}

/**
 * Autoregressive generation of one sample on row 0 of `model` (its forward pass runs with
 * `training` false): x = [0, prompt…, 0…]; at the last filled position p, an id is drawn from
 * logits[0, p, 0 … vocabSize] (ids past the vocabulary are never drawn). Id 0 (the boundary) ends
 * the sample and is not yielded; any other id is yielded as soon as it is drawn, then written to
 * position p + 1. A sample is at most T characters, prompt included: the one drawn at p = T − 1 has
 * no position left and ends it. E0655 when the logits there are not finite.
 */
export function* generateIds(model: CompiledModel, m: CharModel, vocabSize: number, s: SampleSettings): Generator<number, void, undefined> {
  const x = model.inputs[m.input];
  const logits = model.outputs[m.output];
  if (x === undefined || logits === undefined) throw new Error(`generateIds: the model has no input \`${m.input}\` or output \`${m.output}\``);
  const T = m.context;
  const V = m.classes;
  if (s.prompt.length > T - 1) throw new RangeError(`generateIds: a prompt of ${s.prompt.length} ids leaves no position of ${T} to draw from (encodePrompt refuses it)`);
  x.fill(0, 0, T);
  for (const [i, id] of s.prompt.entries()) x[i + 1] = id;
  let p = s.prompt.length;
  for (;;) {
    model.forward(1);
    const at = p * V;
    const bad = nonFinite(m, logits, at, vocabSize + 1, p);
    if (bad !== null) throw bad;
    const id = drawId(logits, at, vocabSize + 1, s.temperature, s.rng);
    if (id === 0) return;
    yield id;
    if (p + 1 === T) return;
    p += 1;
    x[p] = id;
  }
}

/** generateIds, each id as its character of `vocab` (id i ≥ 1 is `vocab[i − 1]`). */
export function* generateChars(model: CompiledModel, m: CharModel, vocab: readonly string[], s: SampleSettings): Generator<string, void, undefined> {
  for (const id of generateIds(model, m, vocab.length, s)) yield decodeIds(vocab, [id]);
}
