import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: the standard library of blocks E0124, E0348–E0349. */
export const STDLIB_CODES: Readonly<Record<string, CodeInfo>> = {
  E0124: {
    title: "a block shadows a standard-library block (a note)",
    explanation: explain(
      "The standard library (docs/stdlib.md) is always in scope: `dense`, `layer_norm`, `lstm_cell`, `transformer_block` and the others need no declaration. A block declared in your file with the same name wins in your file — every call you write uses yours — and nnc says so with this note, so that a copy of a library block does not silently diverge from the one the documentation describes. Library blocks themselves keep calling the library's blocks.",
      "block layer_norm(x: f32[N, D]) -> f32[N, D] { ... }   # note: used instead of the library's layer_norm",
      "nothing, if you meant to replace it; otherwise delete your block and call the library's, or give yours another name.",
    ),
  },
  E0348: {
    title: "the width is not divisible by the number of attention heads",
    explanation: explain(
      "Multi-head attention (`multi_head_attention`, `transformer_block`, and the built-in `split_heads` they use) cuts each position's D features into `heads` equal parts of D / heads features, one per head. D must therefore be a whole multiple of `heads`. The error is reported at your call, with the line of the library block where the heads are split.",
      "x: f32[B, 16, 30]\ny = transformer_block(x, heads = 4)   # 30 features cannot be cut into 4 equal heads",
      "choose `heads` dividing the width (for D = 30: 1, 2, 3, 5, 6, 10, 15 or 30), or change the width (an embedding of 32 with 4 heads of 8).",
    ),
  },
};
