import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: rank-generic block signatures (`f32[..., D]`) E0128, E0343–E0344. */
export const RANK_CODES: Readonly<Record<string, CodeInfo>> = {
  E0128: {
    title: "misplaced `...` in a type",
    explanation: explain(
      "A leading `...` in a block's tensor parameter or result type stands for any number (0 or more) of leading axes: `block dense(x: f32[..., I], out: dim) -> f32[..., out]` accepts `f32[B, I]` and `f32[B, T, I]`. It must be the first item of the shape, may appear once per type, and only in a block's signature (never in a model's inputs or outputs, a `param`, a `buffer` or a train input, whose shapes are fixed). A block whose result has `...` needs a tensor parameter with `...`, from which the axes are taken.",
      "model M(x: f32[..., 4]) -> (y: f32[B, 4]) { y = x[0] }\nblock f(x: f32[D, ...]) -> f32[D] { return x }",
      "write a model's axes out (`f32[B, T, 4]`), and put `...` first in a block's types: `f32[..., D]`.",
    ),
  },
  E0343: {
    title: "arguments with different leading axes",
    explanation: explain(
      "Every `...` of one block signature stands for the same leading axes. They are taken from the first tensor argument whose parameter type starts with `...` (its shape without the trailing declared axes); another such argument has different leading axes. The message names both shapes.",
      "block add(a: f32[..., D], b: f32[..., D]) -> f32[..., D] { return a + b }\ny = add(x, z)   # x: f32[B, 8, 4], z: f32[B, 4]",
      "pass arguments with the same leading axes (reshape or index one of them), or give the block separate fixed-rank parameters.",
    ),
  },
  E0344: {
    title: "argument has fewer axes than its trailing dims",
    explanation: explain(
      "A parameter typed `f32[..., D]` needs at least as many axes as the dims written after `...` (here one): the leading axes may be none, but the trailing ones must exist.",
      "block proj(x: f32[..., I], out: dim) -> f32[..., out] {\n  param W: f32[I, out]\n  return x @ W\n}\ny = proj(s, out = 4)   # s: f32 (a scalar)",
      "pass a tensor with the trailing axes (for a single value, `reshape` it to `f32[1]`).",
    ),
  },
};
