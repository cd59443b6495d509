/**
 * The two language-model training steps, on seeded token rows (T = 16, vocabulary 27): the char
 * transformer of examples/char-transformer.nn (issue 12's GPT: d = 64, 2 blocks, 4 heads, AdamW) and
 * the LSTM of examples/lstm-names.nn (embedding 32, hidden 128, Adam, global-norm clipping), both
 * compiled as the examples are. trainStep keeps the optimizer's base rate: the examples' cosine
 * schedules are applied by `nnc train`'s loop, not by the step, so the peers use a constant rate too.
 */
import type { CompiledModel } from "@nnc/runtime";
import { makeTokenBatches } from "./data.ts";
import { exampleText } from "./sources.ts";
import { charGptTrainer } from "./tfjs-gpt.ts";
import type { TrainingSpec } from "./training.ts";

const T = 16;
const VOCAB = 27;

/** The example's text, after checking it still has the settings the PyTorch peer copies. */
function exampleWith(name: string, settings: readonly string[]): string {
  const text = exampleText(name);
  for (const s of settings) if (!text.includes(s)) throw new Error(`bench: examples/${name} no longer has \`${s}\`; update bench/torch/peer.py`);
  return text;
}

export const CHAR_GPT_FILE = "char-transformer.nn";
export const LSTM_FILE = "lstm-names.nn";

export function charGptSource(): string {
  return exampleWith(CHAR_GPT_FILE, ["optimizer = adamw(lr = 0.003, weight_decay = 0.01)", "width = 64", "times = 2, heads = 4"]);
}

export function lstmSource(): string {
  return exampleWith(LSTM_FILE, ["optimizer = adam(lr = 0.005)", "clip      = global_norm(1.0)", "width = 32"]);
}

/** The transformer step in milliseconds, against PyTorch and TF.js wasm (tfjs-gpt.ts). */
export function charGptSpec(createModel: (maxBatch: number) => CompiledModel, batch: number): TrainingSpec {
  const batches = makeTokenBatches(4, batch, T, VOCAB, 7);
  return {
    name: `char-gpt-t${T}-d64-b${batch}`,
    batch,
    createModel,
    batches,
    peer: (p) => charGptTrainer(p, batches, batch, { lr: 0.003, weightDecay: 0.01 }),
    // TF.js's cpu backend takes seconds a step here (≈ 50× wasm): the issue compares with wasm only.
    tfBackends: ["wasm"],
    torch: { kind: "gpt-train", hyper: { lr: 0.003, weight_decay: 0.01 } },
    perStep: true,
  };
}

export function lstmSpec(createModel: (maxBatch: number) => CompiledModel, batch: number): TrainingSpec {
  return {
    name: `lstm-names-t${T}-h128-b${batch}`,
    batch,
    createModel,
    batches: makeTokenBatches(4, batch, T, VOCAB, 8),
    torch: { kind: "lstm-train", hyper: { lr: 0.005, clip: 1 } },
    perStep: true,
  };
}
