import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: several results, scan, repeat E0330–E0339, E0120–E0124. */
export const RECURRENCE_CODES: Readonly<Record<string, CodeInfo>> = {
  E0120: {
    title: "scan or repeat names no block",
    explanation: explain(
      "The first argument of `scan` and `repeat` (after a piped value) names the block applied at each step. No block of that name is declared in the file; the message suggests a near name when one exists.",
      "hs = scan(rnn_cel, xs, init = h0, axis = 1)",
      "correct the name (`rnn_cell`), or declare the block.",
    ),
  },
  E0121: {
    title: "scan or repeat needs a block name",
    explanation: explain(
      "`scan(cell, xs, init = h0)` and `x |> repeat(block, times = N)` take the name of a block as their first argument, not an expression, a value or a built-in function: the block's body is applied once per step.",
      "hs = scan(tanh, xs, init = h0)",
      "write the step as a block and name it: `block step(x: f32[B, I], h: f32[B, H]) -> f32[B, H] { ... }` then `scan(step, xs, init = h0)`.",
    ),
  },
  E0122: {
    title: "repeated block has no tensor parameter",
    explanation: explain(
      "`repeat` passes each application's output to the block's first tensor parameter. A block without tensor parameters has nowhere to take it.",
      "block k(n: int) -> f32[4] { ... }\ny = x |> repeat(k, times = 2)",
      "give the block a tensor parameter of the type it returns: `block layer(x: f32[B, D]) -> f32[B, D]`.",
    ),
  },
  E0123: {
    title: "model too large once inlined",
    explanation: explain(
      "Block calls, `scan` steps and `repeat` applications are inlined: each step is a copy of the cell's operations in the graph. Nested forms multiply, so a `repeat` over a long `scan` (or blocks that call blocks several times, many levels deep) can ask for millions of operations. nnc stops at 200,000 operations per model and reports the form where it stopped.",
      "y = x |> repeat(deep, times = 4096)   # where `deep` scans 4096 steps",
      "use fewer steps or repetitions, or split a long sequence into shorter chunks.",
    ),
  },
  E0330: {
    title: "wrong number of results returned",
    explanation: explain(
      "A block declared with several results `-> (h: T1, c: T2)` must return a tuple with exactly one value per declared result, in order: `return (a, b)`.",
      "block cell(x: f32[B, H]) -> (h: f32[B, H], c: f32[B, H]) {\n  return x\n}",
      "return one value per result (`return (x, x)`), or change the declaration.",
    ),
  },
  E0331: {
    title: "returned result does not match its declared type",
    explanation: explain(
      "Each value of `return (a, b)` is checked against the declared type of its result, with the block's dims bound by the call's arguments. The message names the result and states both types.",
      "block cell(x: f32[B, H]) -> (h: f32[B, H], s: f32[B]) {\n  return (x, x)\n}",
      "compute a value of the declared type (`sum(x, axis = 1)` for `s`), or correct the declaration.",
    ),
  },
  E0332: {
    title: "scan length is not a fixed number",
    explanation: explain(
      "`scan` unrolls one application of the cell per element of `xs` along `axis`, so that length must be a whole number known when the program is checked. A symbolic dim (like the batch size `B`) there cannot be unrolled.",
      "dim B, T\nmodel M(xs: f32[B, T, 4]) -> ... {\n  hs = scan(cell, xs, init = h0, axis = 1)\n}",
      "give the sequence length as a number in the input's type (`xs: f32[B, 32, 4]`), or scan over the axis that has one.",
    ),
  },
  E0333: {
    title: "scan axis out of range",
    explanation: explain(
      "`axis` picks the axis of `xs` that is scanned over (and along which the states are stacked). It must be an axis of `xs` (negative values count from the end) and a valid position in the stacked result.",
      "hs = scan(cell, xs, init = h0, axis = 3)   # xs: f32[B, 32, 4]",
      "use an axis of `xs`, e.g. `axis = 1` for batch-first sequences `[B, T, ...]`.",
    ),
  },
  E0334: {
    title: "scan over no steps or too many",
    explanation: explain(
      "`scan` applies its cell once per element of `xs` along `axis`; the length must be at least 1 (an empty sequence has no states to stack) and at most the unrolling limit.",
      "hs = scan(cell, xs, init = h0, axis = 1)   # xs: f32[B, 0, 4]",
      "scan over a non-empty axis; split a very long sequence into chunks.",
    ),
  },
  E0335: {
    title: "scan cell changes the state's type",
    explanation: explain(
      "The state a `scan` cell returns is its state argument at the next step, so each result must have exactly the type of the state it replaces (the `init` value). The message states the initial type and the type the cell returns at the first step.",
      "block cell(x: f32[B, I], h: f32[B, H]) -> f32[B, 2 * H] { ... }\nhs = scan(cell, xs, init = h0)",
      "make the cell return the state's type (`-> f32[B, H]`), or give `init` the type the cell keeps.",
    ),
  },
  E0336: {
    title: "scan init and cell results differ in number",
    explanation: explain(
      "A `scan` state is one tensor or a tuple of tensors; the cell returns the next state, so `init` must have one value per result of the cell: a tensor for a cell with one result, a tuple `(h0, c0)` for a cell declared `-> (h: ..., c: ...)`.",
      "hs = scan(lstm_cell, xs, init = h0)   # the library's lstm_cell returns (h, c)",
      "give one initial value per result: `init = (h0, c0)` and destructure: `(hs, cs) = scan(...)`.",
    ),
  },
  E0337: {
    title: "scan cell takes the wrong number of state arguments",
    explanation: explain(
      "A `scan` cell is called `cell(x_t, state...)`: its first tensor parameter takes the step's slice of `xs` and the following tensor parameters (those not given by name in the `scan` call) take the state, one per value of `init`.",
      "block cell(x: f32[B, I]) -> f32[B, H] { ... }\nhs = scan(cell, xs, init = h0)",
      "declare one tensor parameter per state after the input: `block cell(x: f32[B, I], h: f32[B, H]) -> f32[B, H]`.",
    ),
  },
  E0338: {
    title: "repeat count is not a whole number in range",
    explanation: explain(
      "`repeat(block, times = N)` applies the block N times, each with its own parameters; N must be a whole number of at least 1 (and at most the unrolling limit).",
      "y = x |> repeat(layer, times = 0)",
      "use `times = 1` or more; to skip the block, use its input directly.",
    ),
  },
  E0339: {
    title: "repeated block changes the type",
    explanation: explain(
      "Each application of `repeat` takes the previous application's output as its input, so the block must return exactly the type of its first tensor argument (one tensor, same dtype and shape). The message states both types.",
      "block grow(x: f32[B, D]) -> f32[B, 2 * D] { ... }\ny = x |> repeat(grow, times = 3)",
      "make the block map its input type to itself, e.g. `-> f32[B, D]`; apply blocks that change the shape separately.",
    ),
  },
};
