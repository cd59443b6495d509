import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: ops and hints E0345–E0349. */
export const LOOKUP_CODES: Readonly<Record<string, CodeInfo>> = {
  E0345: {
    title: "ids must be i32",
    explanation: explain(
      "`take(table, ids)` and `one_hot(ids, n)` index with integer ids: `ids` must be an `i32` tensor (any shape). Float ids (for instance token ids read as `f32`) are rejected rather than rounded, because a rounded id would silently pick the wrong row.",
      "model M(x: f32[B, T]) -> (y: f32[B, T, 16]) {\n  param E: f32[100, 16]\n  y = take(E, x)\n}",
      "declare the ids as integers, e.g. `ids: i32[B, T]`, and pass them as the second argument: `take(E, ids)`.",
    ),
  },
  E0346: {
    title: "take needs a floating-point table of rank ≥ 1",
    explanation: explain(
      "`take(table, ids)` picks rows (slices along axis 0) of `table`, so the table must have at least one axis, and it must be floating-point (it is usually a trained embedding matrix `param E: f32[V, D]`). The arguments may also be swapped: the table comes first, the ids second.",
      "model M(ids: i32[B]) -> (y: f32[B, 8]) {\n  param E: f32[50, 8]\n  y = take(ids, E)\n}",
      "pass the table first and the i32 ids second: `take(E, ids)`; to look up integers, convert the table with `float(t)` first.",
    ),
  },
};
