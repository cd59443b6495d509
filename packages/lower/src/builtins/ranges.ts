/** Index constants: `arange(n)` → i32[n], `tril(n, k = 0)` / `triu(n, k = 0)` → bool[n, n] masks. */
import type { Dim } from "@nnc/ir";
import { num, type Value } from "../values.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

/** `n` as a dim: a declared dim, or a whole number ≥ 1 (the argument kind "dim" has checked both). */
function sizeArg(c: CallCtx): Dim {
  const v = c.args.value("n");
  return v.kind === "dim" ? v.dim : c.args.number("n");
}

function triangle(name: "tril" | "triu", summary: string): BuiltinDef {
  return {
    name,
    summary,
    params: [
      { name: "n", kind: "dim" },
      { name: "k", kind: "int", default: num(0) },
    ],
    lower: (c): Value => {
      return c.ctx.op(name, [], { n: sizeArg(c), k: c.args.number("k") }, c.span);
    },
  };
}

export const RANGE_BUILTINS: readonly BuiltinDef[] = [
  {
    name: "arange",
    summary: "i32[n]: 0, 1, …, n − 1 (n a whole number or a dim); float(arange(n)) for float positions",
    params: [{ name: "n", kind: "dim" }],
    lower: (c) => c.ctx.op("arange", [], { n: sizeArg(c) }, c.span),
  },
  triangle("tril", "bool[n, n] mask, true where column ≤ row + k (k = 0: the causal mask)"),
  triangle("triu", "bool[n, n] mask, true where column ≥ row + k"),
];
