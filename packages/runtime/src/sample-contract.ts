import type { Checkpoint } from "./checkpoint.ts";
import type { ModelMeta, TensorMeta } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import { logitsCandidates } from "./text-data-report.ts";
import { terminalText } from "./terminal-text.ts";
import { encodeText, vocabOf } from "./text-vocab.ts";

/**
 * What `nnc sample` needs of a model, found in its meta: the one model input holding characters,
 * i32[B, T], and the float output of logits [B, T, V]. Id 0 is the boundary (start and end of a
 * line, and padding); ids 1…|vocab| are the vocabulary's characters.
 */
export interface CharModel {
  readonly model: string;
  /** The input of character ids, i32[B, T]. */
  readonly input: string;
  /** The output of logits, [B, T, V]. */
  readonly output: string;
  /** T: the positions one forward pass sees. */
  readonly context: number;
  /** V: logits per position. */
  readonly classes: number;
}

const CONTRACT = "`nnc sample` needs a character model: one input of character ids, i32[B, T], and an output of logits, f32[B, T, V]";

function shapeText(t: TensorMeta): string {
  return `${t.dtype}[${t.shape.join(", ")}]`;
}

/**
 * `where` of a sampling problem located in the model, so the CLI can point at its declaration: the
 * input `input NAME`, the output `output NAME` (its shape, or its values: E0655), the output's class
 * count `classes NAME`, or `model` (the model as a whole).
 */
export type ModelPlace = `input ${string}` | `output ${string}` | `classes ${string}` | "model";

/** The model's input and output for sampling; E0652 (which input or output, what was found) otherwise. */
export function charModel(meta: ModelMeta): CharModel {
  const fail = (message: string, where: ModelPlace = "model"): never => {
    throw new DataError("E0652", `model \`${meta.model}\` cannot be sampled: ${message}`, {
      where,
      help: `${CONTRACT}, such as a model trained on \`chars(…)\` or \`names()\` data`,
    });
  };
  const b = meta.batchDim;
  const list = (ts: readonly TensorMeta[]): string => ts.map((t) => `\`${t.name}\`: ${shapeText(t)}`).join(", ");
  if (b === null) fail(`it has no batch dim; its input must be i32[B, T] (found ${list(meta.inputs) || "no inputs"})`);
  if (meta.inputs.length !== 1) fail(`it has ${meta.inputs.length} inputs (${list(meta.inputs) || "none"}); it must have one, the characters, i32[${b!}, T]`);
  const x = meta.inputs[0]!;
  const t = x.shape[1];
  if (x.dtype !== "i32" || x.shape.length !== 2 || x.shape[0] !== b || typeof t !== "number" || t < 1) {
    fail(`its input \`${x.name}\` is ${shapeText(x)}; it must be i32[${b!}, T] with T a number (the context)`, `input ${x.name}`);
  }
  const T = t as number;
  // The same rule as the nats metric's (logitsCandidates): the only float [B, T', V] output, then T' = T.
  const fits = logitsCandidates(meta);
  const where = (o: TensorMeta | undefined): ModelPlace => (o === undefined ? "model" : `output ${o.name}`);
  if (fits.length !== 1) {
    const found = meta.outputs.length === 0 ? "no outputs" : `output${meta.outputs.length === 1 ? "" : "s"} ${list(meta.outputs)}`;
    const several = fits.length > 1 ? `; ${fits.length} outputs have that form, so which holds the logits is ambiguous` : "";
    fail(`it has ${found}; it must have one output of logits f32[${b!}, ${T}, V] (one row of V per position of \`${x.name}\`)${several}`, where(meta.outputs.length === 1 ? meta.outputs[0] : undefined));
  }
  const y = fits[0]!;
  if (y.shape[1] !== T) fail(`its output \`${y.name}\` is ${shapeText(y)}; it must be f32[${b!}, ${T}, V], one row of V per position of \`${x.name}\``, `output ${y.name}`);
  return { model: meta.model, input: x.name, output: y.name, context: T, classes: y.shape[2] as number };
}

/** E0652 unless the logits cover the boundary and every character: V ≥ |vocab| + 1. */
export function checkVocabularyFits(m: CharModel, vocabSize: number, path: string): void {
  if (vocabSize + 1 <= m.classes) return;
  throw new DataError("E0652", `model \`${m.model}\` cannot be sampled with \`${path}\`: the checkpoint's vocabulary has ${vocabSize + 1} symbols (${vocabSize} characters and the boundary 0), but \`${m.output}\` has ${m.classes} classes`, {
    where: `classes ${m.output}` satisfies ModelPlace,
    help: "use the checkpoint trained with this model; a model's logits need one class per symbol of its vocabulary",
  });
}

/**
 * The checkpoint's vocabulary (id i + 1 is `vocab[i]`), written by training on text data
 * (`chars(…)`, `names()`); E0651 when it has none.
 */
export function sampleVocabulary(c: Checkpoint, path: string): readonly string[] {
  const vocab = vocabOf(c);
  if (vocab !== null) return vocab;
  throw new DataError("E0651", `the checkpoint \`${path}\` has no vocabulary: model \`${c.model}\` was not trained on text data`, {
    file: path,
    help: "`nnc sample` needs a checkpoint saved by `nnc train --save` from training on `chars(…)` or `names()` data, which keeps the characters its ids stand for",
  });
}

function characterText(c: string): string {
  return `\`${terminalText(c)}\` (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`;
}

/** The vocabulary as a message shows it: each character in backticks, escaped for the terminal. */
export function vocabularyText(vocab: readonly string[]): string {
  return vocab.map((c) => (c === " " ? "` ` (space)" : `\`${terminalText(c)}\``)).join(" ");
}

/** The column (1-based, in UTF-16 units as the argument is given) of code point number `k` of `text`. */
function columnOf(text: string, k: number): number {
  // Code points, not grapheme clusters: a vocabulary's characters are code points.
  return Array.from(text).slice(0, k).join("").length + 1;
}

/**
 * A prompt's ids (Unicode code points looked up in the vocabulary). E0653 for characters the
 * vocabulary lacks (`where`: "column N" of the first, N counting UTF-16 units of the prompt as given,
 * so the CLI can point at it); E0654 for a prompt of more than T − 1 characters (position 0 holds
 * the boundary), `where` the column of the first character with no position.
 */
export function encodePrompt(prompt: string, vocab: readonly string[], context: number): number[] {
  const { ids, unknown } = encodeText(vocab, prompt);
  if (unknown.length > 0) {
    const first = Array.from(prompt).indexOf(unknown[0]!);
    const what = unknown.length === 1 ? `character ${characterText(unknown[0]!)} is` : `characters ${unknown.map(characterText).join(", ")} are`;
    throw new DataError("E0653", `the prompt's ${what} not in the model's vocabulary`, {
      where: `column ${columnOf(prompt, first)}`,
      help: `the vocabulary (${vocab.length} characters, from the training data): ${vocabularyText(vocab)}`,
    });
  }
  if (ids.length > context - 1) {
    throw new DataError("E0654", `the prompt has ${ids.length} characters, but the model sees ${context} positions: the boundary and at most ${context - 1} characters`, {
      where: `column ${columnOf(prompt, context - 1)}`,
      help: `give a prompt of at most ${context - 1} characters`,
    });
  }
  return ids;
}
