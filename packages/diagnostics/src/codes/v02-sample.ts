import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: `nnc sample` E0651–E0655. */
export const SAMPLE_CODES: Readonly<Record<string, CodeInfo>> = {
  E0651: {
    title: "checkpoint without a vocabulary",
    explanation: explain(
      "`nnc sample` turns the ids a model draws back into characters with the vocabulary its training data fixed: training on `chars(…)` or `names()` data saves it in every checkpoint (id 1 is its first character; 0 is the boundary). A checkpoint from training on other data (numbers, images) has none, so there is nothing to print the ids as.",
      "train Mlp { … data = csv(\"points.csv\") … }   # trained with --save mlp.ckpt\n$ nnc sample model.nn --checkpoint mlp.ckpt",
      "sample from a checkpoint saved by `nnc train --save` from training on text data, `data = chars(\"names.txt\", context = 16)` or `names()`.",
    ),
  },
  E0652: {
    title: "the model cannot be sampled",
    explanation: explain(
      "`nnc sample` generates text one character at a time, so it needs a character model: exactly one model input of character ids `i32[B, T]` (B the batch dim, T a number: the positions it sees) and one output of logits `f32[B, T, V]`, one row of V scores per position, with V at least the vocabulary's size plus one (the boundary, id 0). The message names the input or output that does not fit, the shape it has and the one needed; or the vocabulary that has more symbols than the logits have classes.",
      "model Classifier(x: f32[B, 784]) -> (logits: f32[B, 10]) { … }\n$ nnc sample mnist.nn --checkpoint mnist.ckpt",
      "sample a model whose input is `x: i32[B, T]` and whose logits are `f32[B, T, V]` (e.g. `logits = take(W, x)` with `W: f32[V, V]`, or examples/char-transformer.nn), with the checkpoint trained from it.",
    ),
  },
  E0653: {
    title: "a prompt character is not in the vocabulary",
    explanation: explain(
      "Every character of `--prompt` is fed to the model as its id in the vocabulary that training fixed (the distinct characters of the training split). A character the training data never had has no id, so the model cannot read it. The message points at the character in the argument and the help lists the vocabulary. Characters are compared exactly: `A` is not `a`.",
      "$ nnc sample names.nn --checkpoint names.ckpt --prompt Jo     # names() is lower-cased",
      "use only characters of the vocabulary the help lists (here `--prompt jo`).",
    ),
  },
  E0654: {
    title: "the prompt is longer than the model's context",
    explanation: explain(
      "A character model sees T positions (its input is `i32[B, T]`); the first holds the boundary (id 0) that starts every line, so a prompt can have at most T − 1 characters and a sample at most T. A longer prompt is refused rather than cut: which characters to drop, and the line's start at position 0 with them, is not a choice nnc makes for you.",
      "model Gpt(x: i32[B, 16]) -> (logits: f32[B, 16, 32]) { … }\n$ nnc sample gpt.nn --checkpoint gpt.ckpt --prompt abcdefghijklmnopq    # 17 characters",
      "give a prompt of at most T − 1 characters (the message says how many), or train a model with a longer context.",
    ),
  },
  E0655: {
    title: "the model's logits are not finite",
    explanation: explain(
      "At some position the forward pass gave a logit that is NaN or infinite, so no probabilities can be formed and no character drawn. A checkpoint's parameters are all finite (nnc checks that on loading), so the forward pass overflowed: the parameters are very large, usually because training diverged. The message names the output, the position and the id.",
      "$ nnc train names.nn --lr 50 --save big.ckpt     # the losses became NaN\n$ nnc sample names.nn --checkpoint big.ckpt",
      "sample from a checkpoint whose training losses were finite (an earlier one, or train again with a smaller learning rate).",
    ),
  },
};
