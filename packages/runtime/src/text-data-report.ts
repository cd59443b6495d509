/**
 * What training on text data (`chars(…)`, `names(…)`) adds to a run: the summary and bigram lines
 * before training, the check that the vocabulary fits the model (E0637), and the closing comparison
 * of the model's validation cross-entropy per character with the bigram baseline (run through the
 * split's hooks, text-data-hooks.ts, so only programs that read text hold this code). No file access.
 */
import type { ModelMeta, TensorMeta } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import type { DataRunHooks } from "./data-run-hooks.ts";
import type { DataSplit } from "./dataset.ts";

/** What a text source read: the split's line counts, the vocabulary and the baseline. */
export interface TextInfo {
  /** The file read (for messages). */
  readonly file: string;
  /** What a line is, for the log: "lines", or "names" for names(). */
  readonly unit: string;
  readonly context: number;
  readonly trainLines: number;
  /** Validation lines kept (those whose characters are all in the vocabulary). */
  readonly validationLines: number;
  /** Validation lines dropped because they hold a character the training lines lack. */
  readonly dropped: number;
  /** The characters of ids 1…V, sorted by code point. */
  readonly vocab: readonly string[];
  /** The bigram baseline's validation cross-entropy in nats per character (bigram.ts); null without validation. */
  readonly bigram: number | null;
}

/** A split read from text: the rows (fields x, y, mask), what the source read, and what it adds to a run. */
export interface TextSplit extends DataSplit {
  readonly text: TextInfo;
  readonly hooks: DataRunHooks;
}

/** The text info of a split a text source made; null for any other data. */
export function textInfoOf(split: DataSplit): TextInfo | null {
  return "text" in split ? (split as TextSplit).text : null;
}

const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ",");

/** The lines printed before training: `text: 27,265 train / 3,029 validation names, …` and the baseline. */
export function textSummary(t: TextInfo): string[] {
  const one = t.unit.replace(/s$/, "");
  const dropped = t.dropped === 0 ? "" : `; ${thousands(t.dropped)} validation ${t.dropped === 1 ? one : t.unit} dropped (characters the training ${t.unit} lack)`;
  const lines = [`text: ${thousands(t.trainLines)} train / ${thousands(t.validationLines)} validation ${t.unit}, vocabulary ${t.vocab.length} character${t.vocab.length === 1 ? "" : "s"} + boundary${dropped}`];
  if (t.bigram !== null) lines.push(`bigram baseline (from counts, add-one smoothing): validation cross-entropy ${t.bigram.toFixed(4)} nats/char`);
  return lines;
}

/** `validation 2.041 nats/char: 16.7 % below the bigram baseline`; null without both figures. */
export function textVerdict(t: TextInfo, valNats: number | null | undefined): string | null {
  if (t.bigram === null || valNats === null || valNats === undefined || !Number.isFinite(valNats)) return null;
  const rel = (100 * (t.bigram - valNats)) / t.bigram;
  const where = rel >= 0 ? `${rel.toFixed(1)} % below` : `${(-rel).toFixed(1)} % above`;
  return `validation ${valNats.toFixed(3)} nats/char: ${where} the bigram baseline`;
}

/**
 * The outputs that may hold a character model's logits: a float output of shape [B, T, C] (B the
 * batch dim, C a number). One rule for the nats metric, the E0637 fit check and `nnc sample`.
 */
export function logitsCandidates(meta: ModelMeta): TensorMeta[] {
  return meta.outputs.filter((o) => (o.dtype === "f32" || o.dtype === "f64") && o.shape.length === 3 && o.shape[0] === meta.batchDim && typeof o.shape[2] === "number");
}

/**
 * The model's logits for text: the only candidate (logitsCandidates), whose last dim is the number of
 * symbols it scores; null when it has none or several (which holds the logits is then ambiguous).
 */
export function textOutput(meta: ModelMeta): { name: string; classes: number } | null {
  const fits = logitsCandidates(meta);
  return fits.length === 1 ? { name: fits[0]!.name, classes: fits[0]!.shape[2] as number } : null;
}

/** E0637 when the vocabulary (V characters + the boundary) has more symbols than the model's output scores. */
export function checkTextFits(meta: ModelMeta, t: TextInfo): void {
  const out = textOutput(meta);
  const symbols = t.vocab.length + 1;
  if (out === null || out.classes >= symbols) return;
  throw new DataError("E0637", `\`${t.file}\`: the vocabulary has ${symbols} symbols (${t.vocab.length} characters and the boundary 0) but \`${out.name}\` has ${out.classes} classes`, {
    file: t.file,
    help: `give the model at least ${symbols} classes (its output's last dim and any embedding table's rows), e.g. \`${out.name}: f32[B, T, ${symbols}]\``,
  });
}
