/**
 * Attention heads: `split_heads(x, heads)` cuts the last axis of x: [..., T, D] into `heads` parts and
 * moves the head axis before T: [..., heads, T, D / heads]; `merge_heads` is its inverse. Each is a
 * reshape and a transpose (no new op), so the backward is theirs. D not divisible by heads is E0348.
 */
import { dimDiv, dimMul, dimToString, isConcrete, typeToString, type Dim } from "@nnc/ir";
import { POISON, type TensorValue, type Value } from "../values.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

/** The permutation of a rank-`rank` tensor that swaps its axes −3 and −2. */
function swapThirdAndSecondLast(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 3] = rank - 2;
  perm[rank - 2] = rank - 3;
  return perm;
}

/** The whole divisors of n (for the help of E0348). */
function divisors(n: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= n && out.length < 12; k++) if (n % k === 0) out.push(k);
  return out;
}

function tooFewAxes(c: CallCtx, x: TensorValue, need: number, axes: string): Value {
  c.ctx.report("E0303", `\`${c.call.callee.name}\` needs a tensor of rank ≥ ${need} (${axes}), but this is ${typeToString(x.type)}`, c.args.span("x"), {
    label: `rank ${x.type.shape.length}`,
  });
  return POISON;
}

function splitHeads(c: CallCtx): Value {
  const x = c.args.tensor("x");
  const v = c.args.value("heads");
  const heads: Dim = v.kind === "dim" ? v.dim : c.args.number("heads");
  const s = x.type.shape;
  if (s.length < 2) return tooFewAxes(c, x, 2, "[..., T, D]");
  const d = s[s.length - 1]!;
  const part = dimDiv(d, heads);
  if (part === undefined || (isConcrete(part) && part < 1)) {
    const help = isConcrete(d) && d >= 1 ? `heads must divide the width ${d}: ${divisors(d).join(", ")}` : "heads must divide the width";
    c.ctx.report("E0348", `the width ${dimToString(d)} of ${typeToString(x.type)} is not divisible by heads = ${dimToString(heads)}: attention cuts the width into equal heads`, c.args.span("heads"), {
      label: `${dimToString(d)} features in ${dimToString(heads)} heads`,
      help,
    });
    return POISON;
  }
  const split = c.ctx.op("reshape", [x], { shape: [...s.slice(0, -1), heads, part] }, c.span);
  if (split.kind !== "tensor") return split;
  return c.ctx.op("transpose", [split], { perm: swapThirdAndSecondLast(s.length + 1) }, c.span);
}

function mergeHeads(c: CallCtx): Value {
  const x = c.args.tensor("x");
  const s = x.type.shape;
  if (s.length < 3) return tooFewAxes(c, x, 3, "[..., heads, T, D / heads]");
  const moved = c.ctx.op("transpose", [x], { perm: swapThirdAndSecondLast(s.length) }, c.span);
  if (moved.kind !== "tensor") return moved;
  const width = dimMul(s[s.length - 3]!, s[s.length - 1]!);
  return c.ctx.op("reshape", [moved], { shape: [...s.slice(0, -3), s[s.length - 2]!, width] }, c.span);
}

export const HEAD_BUILTINS: readonly BuiltinDef[] = [
  {
    name: "split_heads",
    summary: "[..., T, D] → [..., heads, T, D / heads]: the last axis cut into `heads` equal parts, the head axis moved before T (attention)",
    params: [
      { name: "x", kind: "tensor" },
      { name: "heads", kind: "dim" },
    ],
    lower: splitHeads,
  },
  {
    name: "merge_heads",
    summary: "[..., heads, T, E] → [..., T, heads·E]: the inverse of `split_heads`",
    params: [{ name: "x", kind: "tensor" }],
    lower: mergeHeads,
  },
];
