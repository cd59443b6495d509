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
  E0347: {
    title: "id out of range at run time",
    explanation: explain(
      "An id given to `take(table, ids)` (or `one_hot(ids, n)`) at run time is outside `[0, V)`, where V is the number of rows of the table (or n). Ids are data, so this is found while training, evaluating or predicting, not by `nnc check`. nnc never clamps or wraps an id: the step stops with the op and the offending id, and nothing outside the table is read or written.",
      "model M(ids: i32[B]) -> (y: f32[B, 8]) {\n  param E: f32[100, 8]\n  y = take(E, ids)\n}\n# fed ids such as [3, 100, 7]: 100 is not a row of E (rows 0 to 99)",
      "fix the data (every id must be a whole number from 0 to V − 1), or make the table larger, e.g. `param E: f32[101, 8]` with row 100 kept for unknown tokens.",
    ),
  },
};
