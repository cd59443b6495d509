/**
 * Layers and functions of other frameworks that are not nnc built-ins, each with what to write
 * instead: the standard library's block of the same job when the library has it (its signature, as
 * written in packages/lower/stdlib), else a built-in (`take` for `embedding`), a short definition, or a
 * language form (`scan`, `buffer`). Looked up by the lower-cased name, so `LayerNorm`, `layernorm` and
 * `Linear` find their entries. A name that IS a library block never gets here: calls resolve to it.
 */
import type { BlockDecl } from "@nnc/syntax";
import { librarySignature, standardLibrary } from "./stdlib/library.ts";

export interface LayerHint {
  /** What to write without the library, in words with code in backticks; follows "`name` is not a built-in function; use ". */
  readonly use: string;
  /** An nnc expression the advice quotes, checked by the tests (names: see suggest.test.ts). */
  readonly expr?: string;
  /** The standard library's block that does the job. */
  readonly library?: string;
  /** How to use the library's block, after its signature (`scan` for a cell, `repeat` for a layer). */
  readonly libraryUse?: string;
}

const TAKE: LayerHint = { use: "`take(E, ids)`: the rows of a float table `E: f32[V, D]` picked by i32 `ids`", expr: "take(E, ids)" };
const SCAN = (cell: string, init: string): LayerHint => ({
  use: `a block for one step (\`block ${cell}(x, h…) -> …\`) run over time with \`scan(${cell}, xs, init = ${init}, axis = 1)\``,
  library: cell,
  libraryUse: `run over time with \`scan(${cell}, xs, init = ${init}, axis = 1)\``,
});
const DENSE: LayerHint = { use: "`x @ W + b` with `param W` and `param b`", expr: "x @ W + b", library: "dense" };
const ATTENTION: LayerHint = {
  use: "`softmax(q @ transpose(k, perm = [0, 2, 1]) / sqrt(D)) @ v` for q, k, v of type f32[B, T, D]",
  expr: "softmax(q @ transpose(k, perm = [0, 2, 1]) / sqrt(D)) @ v",
  library: "multi_head_attention",
};
const LAYER_NORM: LayerHint = {
  use: "`(x - m) / sqrt(mean((x - m) ^ 2, axis = -1, keepdims = true) + 1e-5)` with `m = mean(x, axis = -1, keepdims = true)`, times a gain param",
  expr: "(x - m) / sqrt(mean((x - m) ^ 2, axis = -1, keepdims = true) + 1e-5)",
  library: "layer_norm",
};
const BATCH_NORM: LayerHint = {
  use: "a block that normalises with the batch statistics while `training` and keeps running statistics in `buffer`s updated by `next`",
  library: "batch_norm",
};
const BATCH_NORM_2D: LayerHint = { ...BATCH_NORM, library: "batch_norm2d" };
const RMS_NORM: LayerHint = { use: "`x / sqrt(mean(x ^ 2, axis = -1, keepdims = true) + 1e-6)`, times a gain param", expr: "x / sqrt(mean(x ^ 2, axis = -1, keepdims = true) + 1e-6)", library: "rms_norm" };
const TRANSFORMER: LayerHint = {
  use: "a block for one layer (attention and an MLP, each with a residual and a norm) applied N times with `repeat`",
  library: "transformer_block",
  libraryUse: "applied N times with `x |> repeat(transformer_block, times = N, heads = H)`",
};
const CONCAT: LayerHint = { use: "`concat([a, b], axis = 1)`", expr: "concat([a, b], axis = 1)" };
const RESHAPE: LayerHint = { use: "`reshape` with the new shape written out, e.g. `reshape(x, [-1, 2, 2])` (one `-1` is solved)", expr: "reshape(x, [-1, 2, 2])" };
const CROSS_ENTROPY: LayerHint = { use: "`mean(cross_entropy(logits, labels))`: per-example cross-entropy from logits and i32 labels", expr: "mean(cross_entropy(logits, labels))" };

export const LAYER_HINTS: Readonly<Record<string, LayerHint>> = {
  dense: DENSE,
  linear: DENSE,
  fully_connected: DENSE,
  embedding: { ...TAKE, library: "embedding", libraryUse: "or `take(E, ids)` with a table `E: f32[V, D]` of your own" },
  embedding_lookup: TAKE,
  gather: { ...TAKE, use: `${TAKE.use}, or indexing \`x[i]\`` },
  index_select: TAKE,
  layer_norm: LAYER_NORM,
  layernorm: LAYER_NORM,
  rms_norm: RMS_NORM,
  rmsnorm: RMS_NORM,
  batch_norm: BATCH_NORM,
  batchnorm: BATCH_NORM,
  batch_norm1d: BATCH_NORM,
  batchnorm1d: BATCH_NORM,
  batch_norm2d: BATCH_NORM_2D,
  batchnorm2d: BATCH_NORM_2D,
  lstm: SCAN("lstm_cell", "(h0, c0)"),
  lstm_cell: SCAN("lstm_cell", "(h0, c0)"),
  lstmcell: SCAN("lstm_cell", "(h0, c0)"),
  gru: SCAN("gru_cell", "h0"),
  gru_cell: SCAN("gru_cell", "h0"),
  grucell: SCAN("gru_cell", "h0"),
  rnn: SCAN("rnn_cell", "h0"),
  rnn_cell: SCAN("rnn_cell", "h0"),
  rnncell: SCAN("rnn_cell", "h0"),
  attention: ATTENTION,
  self_attention: ATTENTION,
  scaled_dot_product_attention: ATTENTION,
  multi_head_attention: ATTENTION,
  multiheadattention: ATTENTION,
  transformer: TRANSFORMER,
  transformer_block: TRANSFORMER,
  transformerencoderlayer: TRANSFORMER,
  transformer_encoder_layer: TRANSFORMER,
  conv1d: { use: "`conv2d` on a `reshape` to NCHW with height 1: [N, C, 1, L] and a kernel [O, C, 1, K]" },
  cat: CONCAT,
  concatenate: CONCAT,
  stack: { use: "`concat` along an axis of size 1 added with `reshape` to each operand" },
  slice: { use: "indexing and slicing: `x[:, a:b]`, `x[..., -1]`" },
  narrow: { use: "slicing: `x[:, a:b]`" },
  squeeze: RESHAPE,
  unsqueeze: RESHAPE,
  expand_dims: RESHAPE,
  view: RESHAPE,
  permute: { use: "`transpose` with the axes' new order, e.g. `transpose(x, perm = [1, 0])`", expr: "transpose(x, perm = [1, 0])" },
  cross_entropy_loss: CROSS_ENTROPY,
  nll_loss: CROSS_ENTROPY,
  softmax_cross_entropy: CROSS_ENTROPY,
  sparse_categorical_crossentropy: CROSS_ENTROPY,
};

/**
 * The help line for a layer name, or undefined when the table has none: the library's block when
 * `library` (the standard library's blocks by name) has it, else what to write instead.
 */
export function layerHint(name: string, library: ReadonlyMap<string, BlockDecl> = standardLibrary().blocks): string | undefined {
  const key = name.toLowerCase();
  if (!Object.hasOwn(LAYER_HINTS, key)) return undefined;
  const h = LAYER_HINTS[key]!;
  const lead = `\`${name}\` is not a built-in function; use`;
  const block = h.library === undefined ? undefined : library.get(h.library);
  if (block === undefined) return `${lead} ${h.use}`;
  const how = h.libraryUse === undefined ? "" : `, ${h.libraryUse}`;
  return `${lead} the standard library's block \`${librarySignature(block)}\`${how} (docs/stdlib.md)`;
}
