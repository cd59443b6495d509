import { describe, expect, it } from "vitest";
import type { Checkpoint } from "./checkpoint.ts";
import type { CompiledModel, ModelMeta } from "./compiled-model.ts";
import { Rng } from "./rng.ts";
import { charModel, checkVocabularyFits, drawId, encodePrompt, generateIds, sampleVocabulary, type CharModel } from "./sample.ts";
import { thrownDataError as dataError } from "./test-errors.ts";

/**
 * A hand-written bigram model: logits[b, t, :] = W[x[b, t], :], W: [V, V] (what `take(W, x)` computes).
 * Counts its forward passes, so a test can see that generation yields before it runs the next one.
 */
class Bigram implements CompiledModel {
  readonly meta: ModelMeta;
  readonly params: Record<string, Float64Array>;
  readonly inputs: Record<string, Int32Array>;
  readonly outputs: Record<string, Float64Array>;
  readonly optimizerState = {};
  forwards = 0;

  constructor(
    readonly W: readonly (readonly number[])[],
    readonly T: number,
    readonly maxBatch = 1,
  ) {
    const V = W.length;
    this.params = { W: Float64Array.from(W.flat()) };
    this.inputs = { x: new Int32Array(maxBatch * T) };
    this.outputs = { logits: new Float64Array(maxBatch * T * V) };
    this.meta = {
      model: "Bigram",
      inputs: [{ name: "x", dtype: "i32", shape: ["B", T] }],
      trainInputs: [],
      outputs: [{ name: "logits", dtype: "f64", shape: ["B", T, V] }],
      params: [{ name: "W", dtype: "f64", shape: [V, V] }],
      batchDim: "B",
      dtype: "f64",
      hasLoss: false,
    };
  }

  initParams(): void {}
  forward(rows: number): void {
    this.forwards += 1;
    const V = this.W.length;
    for (let i = 0; i < rows * this.T; i++) this.outputs["logits"]!.set(this.params["W"]!.subarray(this.inputs["x"]![i]! * V, (this.inputs["x"]![i]! + 1) * V), i * V);
  }
  trainStep(): number {
    return 0;
  }
  evalLoss(): number {
    return 0;
  }
  setLearningRate(): void {}
  firstNonFinite(): null {
    return null;
  }
}

/** Logit 0 everywhere but 5 at `next[i]` in row i: greedy decoding follows `next`. */
function chain(next: readonly number[], V = next.length): number[][] {
  return next.map((n) => Array.from({ length: V }, (_, j) => (j === n ? 5 : 0)));
}

function greedy(model: Bigram, vocabSize: number, prompt: number[] = []): number[] {
  return [...generateIds(model, charModel(model.meta), vocabSize, { prompt, temperature: 0, rng: new Rng(0) })];
}

describe("drawId", () => {
  it("takes the first largest logit at temperature 0, drawing nothing", () => {
    const rng = { uniform: (): number => { throw new Error("greedy must not draw"); } };
    expect(drawId([1, 3, 3, 2], 0, 4, 0, rng)).toBe(1);
    expect(drawId([9, 1, 3, 3, 2], 1, 4, 0, rng)).toBe(1);
  });

  it("inverts the cumulative softmax at u: logits [0, ln 3] give P = 1/4, 3/4", () => {
    const at = (u: number): number => drawId([0, Math.log(3)], 0, 2, 1, { uniform: () => u });
    expect([at(0), at(0.2499), at(0.2501), at(0.999)]).toEqual([0, 0, 1, 1]);
    // Temperature 2 divides the logits: weights 1, √3, so P(0) = 1 / (1 + √3) ≈ 0.366.
    const t2 = (u: number): number => drawId([0, Math.log(3)], 0, 2, 2, { uniform: () => u });
    expect([t2(0.365), t2(0.367)]).toEqual([0, 1]);
  });

  it("draws with softmax frequencies from the seeded Rng: logits [0, ln 2, ln 4] → 1/7, 2/7, 4/7", () => {
    const rng = new Rng(11);
    const counts = [0, 0, 0];
    const n = 70_000;
    for (let i = 0; i < n; i++) counts[drawId([0, Math.log(2), Math.log(4)], 0, 3, 1, rng)]! += 1;
    // Binomial standard deviations are ≈ 93, 120, 131: 4σ bounds.
    expect(Math.abs(counts[0]! - 10_000)).toBeLessThan(400);
    expect(Math.abs(counts[1]! - 20_000)).toBeLessThan(500);
    expect(Math.abs(counts[2]! - 40_000)).toBeLessThan(550);
  });
});

describe("generateIds", () => {
  it("greedy on a bigram chain 0 → a → b → 0 gives exactly [a, b]; a prompt continues the chain", () => {
    const m = new Bigram(chain([1, 2, 0]), 8);
    expect(greedy(m, 2)).toEqual([1, 2]);
    expect(greedy(m, 2, [1])).toEqual([2]);
    expect(greedy(m, 2, [2])).toEqual([]);
  });

  it("stops when the context is full: at most T characters, prompt included", () => {
    const m = new Bigram(chain([1, 2, 1]), 4);
    expect(greedy(m, 2)).toEqual([1, 2, 1, 2]);
    expect(greedy(m, 2, [1, 2])).toEqual([1, 2]);
    expect(greedy(m, 2, [1, 2, 1])).toEqual([2]);
    expect(() => greedy(m, 2, [1, 2, 1, 2])).toThrow(RangeError);
  });

  it("never draws an id past the vocabulary, even when its logit is the largest", () => {
    // V = 5 classes, vocabulary of 2: ids 3 and 4 have the largest logits and are ignored.
    const W = [[0, 1, 0, 9, 9], [0, 0, 1, 9, 9], [1, 0, 0, 9, 9], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    expect(greedy(new Bigram(W, 8), 2)).toEqual([1, 2]);
  });

  it("yields each id before running the next forward pass (streaming)", () => {
    const m = new Bigram(chain([1, 2, 0]), 8);
    const g = generateIds(m, charModel(m.meta), 2, { prompt: [], temperature: 0, rng: new Rng(0) });
    expect(m.forwards).toBe(0);
    expect(g.next()).toEqual({ value: 1, done: false });
    expect(m.forwards).toBe(1);
    expect(g.next()).toEqual({ value: 2, done: false });
    expect(m.forwards).toBe(2);
    expect(g.next().done).toBe(true);
    expect(m.forwards).toBe(3);
  });

  it("repeats with the same seed and differs with another", () => {
    const m = new Bigram([[0, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]], 16);
    const run = (seed: number): number[][] => {
      const rng = new Rng(seed);
      return Array.from({ length: 10 }, () => [...generateIds(m, charModel(m.meta), 3, { prompt: [], temperature: 1, rng })]);
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it("refuses non-finite logits with E0655, naming the output and the position", () => {
    const m = new Bigram([[0, 1, 0], [0, 0, Number.NaN], [1, 0, 0]], 8);
    const g = generateIds(m, charModel(m.meta), 2, { prompt: [], temperature: 0, rng: new Rng(0) });
    expect(g.next().value).toBe(1);
    const e = dataError(() => g.next());
    expect([e.code, e.message, e.where]).toEqual(["E0655", "the logits `logits` of model `Bigram` at position 1 are not finite (NaN for id 2), so no character can be drawn", "output logits"]);
  });
});

describe("the model contract (E0652)", () => {
  const base = new Bigram(chain([1, 2, 0]), 8).meta;
  const problem = (meta: Partial<ModelMeta>): string => dataError(() => charModel({ ...base, ...meta })).message;
  const place = (meta: Partial<ModelMeta>): string | undefined => dataError(() => charModel({ ...base, ...meta })).where;

  it("finds the input, the logits, T and V", () => {
    expect(charModel(base)).toEqual<CharModel>({ model: "Bigram", input: "x", output: "logits", context: 8, classes: 3 });
    const two = charModel({ ...base, outputs: [{ name: "h", dtype: "f32", shape: ["B", 4] }, ...base.outputs] });
    expect(two.output).toBe("logits");
  });

  it("says which input or output is wrong, what it is and what it must be", () => {
    expect(problem({ inputs: [{ name: "x", dtype: "f32", shape: ["B", 8] }] })).toBe("model `Bigram` cannot be sampled: its input `x` is f32[B, 8]; it must be i32[B, T] with T a number (the context)");
    expect(problem({ inputs: [...base.inputs, { name: "t", dtype: "f32", shape: ["B"] }] })).toBe("model `Bigram` cannot be sampled: it has 2 inputs (`x`: i32[B, 8], `t`: f32[B]); it must have one, the characters, i32[B, T]");
    expect(problem({ outputs: [{ name: "logits", dtype: "f32", shape: ["B", 3] }] })).toBe(
      "model `Bigram` cannot be sampled: it has output `logits`: f32[B, 3]; it must have one output of logits f32[B, 8, V] (one row of V per position of `x`)",
    );
    expect(problem({ batchDim: null, inputs: [{ name: "x", dtype: "i32", shape: [8] }] })).toBe("model `Bigram` cannot be sampled: it has no batch dim; its input must be i32[B, T] (found `x`: i32[8])");
    expect(problem({ outputs: [...base.outputs, { name: "z", dtype: "f32", shape: ["B", 8, 4] }] })).toContain("2 outputs have that form, so which holds the logits is ambiguous");
    // Where: the input or output at fault (the CLI points at its declaration), else the model.
    expect(place({ inputs: [{ name: "x", dtype: "f32", shape: ["B", 8] }] })).toBe("input x");
    expect(place({ outputs: [{ name: "logits", dtype: "f32", shape: ["B", 3] }] })).toBe("output logits");
    expect(place({ outputs: [] })).toBe("model");
    expect(place({ inputs: [...base.inputs, { name: "t", dtype: "f32", shape: ["B"] }] })).toBe("model");
    expect(dataError(() => charModel({ ...base, outputs: [] })).help).toContain("one input of character ids, i32[B, T], and an output of logits, f32[B, T, V]");
  });

  it("needs V ≥ |vocabulary| + 1", () => {
    const m = charModel(base);
    expect(() => { checkVocabularyFits(m, 2, "m.ckpt"); }).not.toThrow();
    const e = dataError(() => { checkVocabularyFits(m, 3, "m.ckpt"); });
    expect([e.code, e.message, e.where]).toEqual(["E0652", "model `Bigram` cannot be sampled with `m.ckpt`: the checkpoint's vocabulary has 4 symbols (3 characters and the boundary 0), but `logits` has 3 classes", "classes logits"]);
  });
});

describe("vocabulary and prompt", () => {
  const ckpt: Checkpoint = { model: "Bigram", source: "m.nn", epoch: 1, seed: 0, rng: [1, 2, 3, 4], lr: null, tensors: [] };

  it("reads the checkpoint's vocabulary; E0651 without one", () => {
    expect(sampleVocabulary({ ...ckpt, vocab: ["a", "b"] }, "m.ckpt")).toEqual(["a", "b"]);
    const e = dataError(() => sampleVocabulary(ckpt, "m.ckpt"));
    expect([e.code, e.message, e.file]).toEqual(["E0651", "the checkpoint `m.ckpt` has no vocabulary: model `Bigram` was not trained on text data", "m.ckpt"]);
  });

  it("encodes code points; E0653 names the character and its column (UTF-16 units), listing the vocabulary", () => {
    const vocab = ["a", "b", "é", "😀"];
    expect(encodePrompt("ab😀é", vocab, 8)).toEqual([1, 2, 4, 3]);
    const e = dataError(() => encodePrompt("😀aZ", vocab, 8));
    expect([e.code, e.message, e.where]).toEqual(["E0653", "the prompt's character `Z` (U+005A) is not in the model's vocabulary", "column 4"]);
    expect(e.help).toBe("the vocabulary (4 characters, from the training data): `a` `b` `é` `😀`");
    expect(dataError(() => encodePrompt("a\u001b", vocab, 8)).message).toBe("the prompt's character `\\u{1b}` (U+001B) is not in the model's vocabulary");
    const two = dataError(() => encodePrompt("abXYX", vocab, 8));
    expect([two.message, two.where]).toEqual(["the prompt's characters `X` (U+0058), `Y` (U+0059) are not in the model's vocabulary", "column 3"]);
  });

  it("allows T − 1 prompt characters; E0654 beyond", () => {
    expect(encodePrompt("abab", ["a", "b"], 5)).toEqual([1, 2, 1, 2]);
    const e = dataError(() => encodePrompt("ababa", ["a", "b"], 5));
    expect([e.code, e.message, e.help, e.where]).toEqual(["E0654", "the prompt has 5 characters, but the model sees 5 positions: the boundary and at most 4 characters", "give a prompt of at most 4 characters", "column 5"]);
    expect(dataError(() => encodePrompt("😀ab", ["a", "b", "😀"], 3)).where).toBe("column 4");
  });
});
