import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: indexing, tuples, paths E0318–E0329, E0115–E0119. */
export const INDEXING_CODES: Readonly<Record<string, CodeInfo>> = {
  E0115: {
    title: "tuple where one value is expected",
    explanation: explain(
      "Several results (a tuple: from `split`, a block with several results, `scan` with a tuple state, or `(a, b)`) are used where a single value is expected. Tuples are only valid as the value of a destructuring binding `(a, b) = ...`, as the `return` value of a block with several results, and as the `init` of `scan`.",
      "model M(x: f32[B, 4]) -> (y: f32[B, 2]) {\n  y = relu(split(x, 2))\n}",
      "destructure the tuple first and use its parts: `(a, b) = split(x, 2)` then `y = relu(a)`.",
    ),
  },
  E0116: {
    title: "unknown parameter path",
    explanation: explain(
      "A parameter path `h1.W` names a parameter (or buffer) of the block call bound to `h1`, but that call has no parameter of that name. The path uses the names `nnc check` prints: `<binding>.<param>`, with one more segment per nested call (`y.0.attn.Wq`). The message lists the parameters that exist under the head.",
      "block fc(x: f32[B, I], O: dim) -> f32[B, O] {\n  param W: f32[I, O]\n  return x @ W\n}\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  h1 = fc(x, 4)\n  y = h1 * sum(h1.Weight ^ 2)\n}",
      "use one of the listed paths, e.g. `h1.W`.",
    ),
  },
  E0117: {
    title: "path on a value that is not a block call",
    explanation: explain(
      "A parameter path `a.b` must start with the name of a binding whose value is a block call (or `scan` / `repeat`) that created parameters. Inputs, parameters, arguments and bindings of built-in calls have no parameters to name.",
      "model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  param W: f32[4, 4]\n  h = relu(x @ W)\n  y = h * sum(h.W ^ 2)\n}",
      "name the parameter directly (`W`), or bind the block call whose parameter you mean and use its name as the head.",
    ),
  },
  E0318: {
    title: "index out of range",
    explanation: explain(
      "An integer index is outside the axis it indexes. Indices are static and start at 0; a negative index counts from the end (`-1` is the last element). The message states the tensor's type and the index.",
      "model M(x: f32[B, 4]) -> (y: f32[B]) {\n  y = x[:, 4]\n}",
      "use an index in 0 .. size-1 (or -size .. -1): `x[:, 3]` or `x[:, -1]`.",
    ),
  },
  E0319: {
    title: "slice out of range or empty",
    explanation: explain(
      "A slice `a:b` must select at least one element inside the axis: 0 ≤ a < b ≤ size after negative bounds are counted from the end. Bounds are not clamped (unlike Python), so a bound past the end is an error, and so is an empty or reversed slice. Bounds with symbolic dims are accepted when they cannot be proved wrong.",
      "model M(x: f32[B, 4]) -> (y: f32[B, 2]) {\n  y = x[:, 3:5]\n}",
      "keep the bounds inside the axis: `x[:, 2:4]`, or `x[:, -2:]` for the last two.",
    ),
  },
  E0320: {
    title: "too many indices",
    explanation: explain(
      "An index expression has more items (indices and slices, not counting `...`) than the tensor has axes, or more than one `...`.",
      "model M(x: f32[B, 4]) -> (y: f32[B]) {\n  y = x[0, 1, 2]\n}",
      "give at most one item per axis; missing trailing items keep their axes whole.",
    ),
  },
  E0321: {
    title: "index is not a whole number",
    explanation: explain(
      "Indices and slice bounds are static: whole numbers or dim expressions (`T - 1`), known when the program is checked. A fractional number, a bool or a tensor cannot index. To select rows by a tensor of integer ids, use `take(table, ids)`.",
      "model M(x: f32[B, 4], i: i32[B]) -> (y: f32[B]) {\n  y = x[:, i]\n}",
      "use a constant index (`x[:, 2]`), or `take` to gather by tensor ids.",
    ),
  },
  E0322: {
    title: "indexing a value that is not a tensor",
    explanation: explain(
      "Only tensors can be indexed or sliced. Numbers, dims, lists and tuples cannot (destructure a tuple with `(a, b) = ...` instead of indexing it).",
      "model M(x: f32[B, 4]) -> (y: f32[B, 2]) {\n  y = split(x, 2)[0]\n}",
      "index a tensor; for a tuple write `(a, b) = split(x, 2)` and use `a`.",
    ),
  },
  E0323: {
    title: "split into parts that do not divide the axis",
    explanation: explain(
      "`split(x, n, axis)` cuts the axis into n equal parts, so its size must be a multiple of n (a symbolic size must be divisible by n as a polynomial). The message states the axis size and n.",
      "model M(x: f32[B, 10]) -> (y: f32[B, 3]) {\n  (a, b, c) = split(x, 3)\n  y = a\n}",
      "choose a number of parts that divides the axis, or give the sizes: `split(x, [3, 3, 4])`.",
    ),
  },
  E0324: {
    title: "split sizes do not fit the axis",
    explanation: explain(
      "`split(x, [s1, s2, …], axis)` cuts the axis into pieces of the given sizes: each size must be at least 1 and they must add up to the axis size. A number of parts must be at least 1.",
      "model M(x: f32[B, 10]) -> (y: f32[B, 3]) {\n  (a, b) = split(x, [3, 6])\n  y = a\n}",
      "make the sizes add up to the axis size: `split(x, [3, 7])`.",
    ),
  },
  E0325: {
    title: "wrong number of names in a destructuring binding",
    explanation: explain(
      "A destructuring binding `(a, b, …) = e` needs exactly one name per value of the tuple `e`. The message states both counts and what `e` is.",
      "model M(qkv: f32[B, 12]) -> (y: f32[B, 4]) {\n  (q, k) = split(qkv, 3, axis = -1)\n  y = q\n}",
      "give one name per part: `(q, k, v) = split(qkv, 3, axis = -1)`.",
    ),
  },
  E0326: {
    title: "destructuring a value that is not a tuple",
    explanation: explain(
      "A destructuring binding `(a, b) = e` needs several results: `split`, a block declared with several results `-> (h: …, c: …)`, `scan` with a tuple state, or a tuple `(x, y)`. A single tensor cannot be destructured.",
      "model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  (a, b) = relu(x)\n  y = a\n}",
      "bind the single value to one name (`a = relu(x)`), or use `split` to cut a tensor into parts.",
    ),
  },
  E0327: {
    title: "indexing an axis whose size is only known at run time",
    explanation: explain(
      "Indices and slice bounds are checked when the program is compiled. An axis sized by a symbolic dim (the batch dim `B`, or any `dim` bound by the data) has no size yet, so `x[0]` or `x[1:]` on it could fall outside the data a step receives — the last, smaller batch of an epoch, or a single row given to `predict`. Such axes can only be taken whole (`:`); `split` cannot cut them either.",
      "dim B\nmodel M(x: f32[B, 4]) -> (y: f32[4]) {\n  y = x[0]\n}",
      "index axes of fixed size only; reduce over the batch axis instead (`mean(x, axis = 0)`), or make the rows you need part of the data.",
    ),
  },
};
