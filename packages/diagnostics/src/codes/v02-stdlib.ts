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
};
