import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: buffers in checkpoints and generated programs E0607–E0609, E0672–E0675. */
export const STATE_RUN_CODES: Readonly<Record<string, CodeInfo>> = {
  E0607: {
    title: "checkpoint without a buffer of the model",
    explanation: explain(
      "A model with buffers (non-trainable state such as a batch norm's running statistics) was given a checkpoint that holds no value for one of them: it was saved before the model had that buffer, or by an nnc that did not save buffers. A buffer's value is learned in training like a parameter's, so predicting or resuming with its initial value would silently give other results; nothing is loaded. Checkpoints of models without buffers are unaffected.",
      "buffer mean_run: f32[16] = zeros()     # added after `nnc train … --save old.ckpt`\n$ nnc predict model.nn --checkpoint old.ckpt --input data.csv",
      "train again with `--save` so the checkpoint includes every buffer, or load the checkpoint into the version of the model it was saved from.",
    ),
  },
};
