import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: buffer, next, training E0340–E0344, E0125–E0129; buffers in eval feeds E0605–E0606. */
export const STATE_CODES: Readonly<Record<string, CodeInfo>> = {
  E0125: {
    title: "`next` on a parameter",
    explanation: explain(
      "A `next` statement names a parameter. Parameters are trained by their gradients (the optimizer updates them); a `next` gives a new value only to a `buffer`: non-trainable state such as running statistics.",
      "param mean_run: f32[C]\nnext mean_run = 0.9 * mean_run + 0.1 * m",
      "declare the state as a buffer: `buffer mean_run: f32[C] = zeros()`, and keep `next mean_run = …`.",
    ),
  },
  E0126: {
    title: "`next` on a name that is not a buffer",
    explanation: explain(
      "A `next` statement names an input, a block argument, a binding, or a name that is not defined. `next NAME = expr` gives the buffer NAME, declared with `buffer` in the same model or block body, its value after each training step.",
      "model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  buffer count: f32 = zeros()\n  y = x\n  next y = y * 2\n}",
      "name a buffer of the same body (the message suggests a near name), or declare one: `buffer NAME: T = zeros()`.",
    ),
  },
  E0127: {
    title: "buffer updated twice",
    explanation: explain(
      "Two `next` statements give the same buffer a value. A buffer takes exactly one new value after a training step.",
      "buffer s: f32[4] = zeros()\nnext s = s + 1\nnext s = s * 2",
      "combine the two into one expression: `next s = (s + 1) * 2`.",
    ),
  },
  E0129: {
    title: "`next` inside a cell applied by `scan`",
    explanation: explain(
      "A block applied by `scan` runs once per step, sharing its parameters and buffers across steps, so a `next` in it would give its buffer one value per step. Buffers of a scanned cell are constants of the step.",
      "block cell(x: f32[B, H], h: f32[B, H]) -> f32[B, H] {\n  buffer seen: f32 = zeros()\n  next seen = seen + 1\n  return tanh(x + h)\n}\nhs = scan(cell, xs, init = h0, axis = 1)",
      "update the statistic outside the scan, from the stacked states it returns (`next` in the calling body).",
    ),
  },
  E0340: {
    title: "buffer with a symbolic dimension",
    explanation: explain(
      "A buffer's type uses a symbolic dim (such as the batch size B). Buffers are created once with a fixed size and saved in checkpoints, so every dim must be a whole number.",
      "buffer last: f32[B, 10] = zeros()",
      "use whole numbers for every dimension: keep per-feature statistics (`f32[10]`), e.g. a mean over the batch axis.",
    ),
  },
  E0341: {
    title: "buffer initializer does not fit its element type",
    explanation: explain(
      "An integer or bool buffer must start from whole numbers (bool: 0 or 1). Random initializers (normal, uniform, glorot_*, he_*) draw fractional values, and `constant`/`values` must give whole numbers.",
      "buffer steps: i32 = normal()",
      "use `zeros()`, `ones()`, `constant(v)` with a whole v, or `values([...])` with whole numbers; or make the buffer f32.",
    ),
  },
  E0342: {
    title: "`next` value does not have the buffer's type",
    explanation: explain(
      "The value of `next NAME = expr` must have exactly the buffer's element type and shape (the message states both). Running statistics are usually reduced over the batch axis to the buffer's shape.",
      "buffer mean_run: f32[C] = zeros()\nnext mean_run = 0.9 * mean_run + 0.1 * x   # x: f32[B, C]",
      "reduce or reshape the value to the buffer's type: `0.9 * mean_run + 0.1 * mean(x, axis = 0)`.",
    ),
  },
  E0605: {
    title: "a feed names a buffer the model does not have",
    explanation: `A name under "buffers" in an eval feed (\`nnc eval --feed\`) is not a buffer of the model.
Buffers go by their full names (\`bn1.mean_run\`), as \`nnc check\` lists them. A buffer the feed omits takes its
initial value.

Erroneous example: \`{"inputs": {…}, "buffers": {"mean": [0, 0]}}\` for a model whose buffer is \`bn.mean_run\`.

Fix: use the names printed by \`nnc check --json FILE\` (the "buffers" of the model).`,
  },
  E0606: {
    title: "a feed gives a buffer as a parameter, or a parameter as a buffer",
    explanation: `An eval feed lists a buffer under "params", or a parameter under "buffers". Parameters are trained
by their gradients; buffers are non-trainable state (running statistics, masks) and have their own section.

Erroneous example: \`{"params": {"bn.mean_run": [0, 0]}}\` for a model where \`bn.mean_run\` is a buffer.

Fix: move the entry to the section its kind names: \`{"buffers": {"bn.mean_run": [0, 0]}}\`.`,
  },
};
