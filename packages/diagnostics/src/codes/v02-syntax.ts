import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: A (parser) E0027–E0039 — indexing, tuples, paths, block results, `buffer` and `next`. */
export const SYNTAX_V02_CODES: Readonly<Record<string, CodeInfo>> = {
  E0027: {
    title: "empty index",
    explanation: explain(
      "The brackets after a value index it, and need at least one item: an integer (`x[0]`, removes the axis), a slice (`x[1:3]`, `x[:, -1]`, keeps the axis) or `...` (all the axes not otherwise indexed).",
      "last = hs[]",
      "write what to take: `hs[:, -1]` for the last step of every sequence.",
    ),
  },
  E0028: {
    title: "slice with a step",
    explanation: explain(
      "A slice `a:b` takes the elements a … b-1 of one axis; either bound may be left out. Steps (`a:b:c`) are not supported.",
      "evens = x[0:8:2]",
      "slice without a step; to take every k-th element, reshape so that the k elements become an axis and index it: `reshape(x, [4, 2])[:, 0]`.",
    ),
  },
  E0029: {
    title: "`...` twice in one index",
    explanation: explain(
      "`...` stands for as many `:` as needed so that the items after it address the last axes. With two of them the split is ambiguous, so an index may contain at most one.",
      "y = x[..., 0, ...]",
      "keep one `...` and write `:` for each other axis: `x[..., 0, :]`.",
    ),
  },
  E0030: {
    title: "tuple binding with fewer than two names",
    explanation: explain(
      "`(a, b) = e` binds the parts of a tuple value (from `split`, a block with several results, or `scan` with a tuple state) to two or more names. One name in parentheses is not a tuple binding.",
      "(h) = lstm_cell(x, h0, c0)",
      "list every result, `(h, c) = lstm_cell(x, h0, c0)`; to bind one value write `h = …` without parentheses.",
    ),
  },
  E0031: {
    title: "tuple binding target is not a name",
    explanation: explain(
      "Each target between the parentheses of `( … ) = e` is a new name; numbers, calls, paths and other expressions cannot be bound.",
      "(q, k, 1) = split(qkv, 3, axis = -1)",
      "write a name for each part: `(q, k, v) = split(qkv, 3, axis = -1)`.",
    ),
  },
  E0032: {
    title: "`next` without `=`",
    explanation: explain(
      "`next NAME = expr` gives the value a buffer takes after each training step. The buffer's name must be followed by `=` and the new value.",
      "next mean_run 0.9 * mean_run + 0.1 * m",
      "write `next mean_run = 0.9 * mean_run + 0.1 * m`.",
    ),
  },
  E0033: {
    title: "`buffer` without a type",
    explanation: explain(
      "A buffer is declared like a parameter, with its tensor type: `buffer NAME: T` or `buffer NAME: T = init()`. The type is required; the initializer defaults to zeros.",
      "buffer mean_run = zeros()",
      "give the type: `buffer mean_run: f32[C] = zeros()`.",
    ),
  },
  E0034: {
    title: "invalid parameter path segment",
    explanation: explain(
      "A parameter path such as `h1.W` or `y.0.attn.Wq` is a name followed by segments, each a name or a whole number (a repetition of `repeat`), each after its own `.`.",
      "penalty = sum(h1.(W) ^ 2)",
      "write the segment as a name: `h1.W`.",
    ),
  },
  E0035: {
    title: "`.` after something that is not a name",
    explanation: explain(
      "`.` only builds a parameter path, which starts with the name of a block call's binding (`h1.W`). It cannot follow a call, an index, a number or a parenthesized expression; there is no field access on values. A number needs digits on both sides of its `.`.",
      "w = dense(x, 4).W",
      "bind the call first, `h1 = dense(x, 4)`, then name its parameter: `h1.W`.",
    ),
  },
  E0036: {
    title: "block results without a name",
    explanation: explain(
      "A block returns one tensor type (`-> f32[B, H]`) or a parenthesized list of named results (`-> (h: f32[B, H], c: f32[B, H])`), returned by `return (h2, c2)` in that order. The list needs at least one result and each result a name.",
      "block cell(x: f32[B, H]) -> (f32[B, H], f32[B, H]) {\n  return (x, x)\n}",
      "name each result: `-> (h: f32[B, H], c: f32[B, H])`.",
    ),
  },
  E0037: {
    title: "buffer initializer is not a call",
    explanation: explain(
      "A `buffer` is initialised like a `param`, by calling an initializer such as `zeros()`, `ones()` or `constant(v)`; a bare name or a number is not accepted. Without an initializer the buffer starts at zeros.",
      "buffer var_run: f32[C] = ones",
      "call the initializer: `buffer var_run: f32[C] = ones()`.",
    ),
  },
};
