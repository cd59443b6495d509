/** Index constants: `arange(n)` → i32[n], `tril(n, k = 0)` / `triu(n, k = 0)` → bool[n, n] masks. */
import type { Dim } from "@nnc/ir";
import { num, POISON, type Value } from "../values.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

/** `n` as a dim: a declared dim, or a whole number ≥ 1 (the argument kind has checked ≥ 1). */
function sizeArg(c: CallCtx): Dim | undefined {
  const v = c.args.value("n");
  if (v.kind === "dim") return v.dim;
  const n = c.args.number("n");
  if (Number.isInteger(n)) return n;
  c.ctx.report("E0206", `\`${c.call.callee.name}\` needs a whole number of elements, got ${n}`, c.args.span("n"), { label: "not a whole number" });
  return undefined;
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
      const n = sizeArg(c);
      return n === undefined ? POISON : c.ctx.op(name, [], { n, k: c.args.number("k") }, c.span);
    },
  };
}

export const RANGE_BUILTINS: readonly BuiltinDef[] = [
  {
    name: "arange",
    summary: "i32[n]: 0, 1, …, n − 1 (n a whole number or a dim); float(arange(n)) for float positions",
    params: [{ name: "n", kind: "dim" }],
    lower: (c) => {
      const n = sizeArg(c);
      return n === undefined ? POISON : c.ctx.op("arange", [], { n }, c.span);
    },
  },
  triangle("tril", "bool[n, n] mask, true where column ≤ row + k (k = 0: the causal mask)"),
  triangle("triu", "bool[n, n] mask, true where column ≥ row + k"),
];
