/**
 * `split(x, parts, axis = -1)`: equal parts (`parts` a whole number n: each piece has size/n) or given
 * sizes (`parts` a list s_1, …, s_k with Σ s_i = size), as a tuple of `slice` nodes in order. Piece i
 * covers [o_i, o_i + s_i) with o_i = s_1 + … + s_{i-1}. Backward: each slice pads its cotangent into zeros.
 */
import { dimAdd, dimDiv, dimEquals, dimToString, isConcrete, typeToString, type Dim } from "@nnc/ir";
import { asDim, asNumber, num, POISON, type Spanned, type TensorValue, type Value } from "../values.ts";
import { reportSymbolicAxis } from "../indexing.ts";
import { normAxis } from "./helpers.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

/** Sizes for `n` equal parts of `size`; undefined after reporting. */
function equalSizes(c: CallCtx, x: TensorValue, axis: number, n: number): Dim[] | undefined {
  const size = x.type.shape[axis]!;
  const at = c.args.span("parts");
  if (!Number.isInteger(n) || n < 1) {
    c.ctx.report("E0324", `\`split\` needs a whole number of parts (at least 1), but \`parts\` is ${n}`, at, { label: "not a positive whole number", help: "give a number of equal parts (≥ 1) or a list of sizes" });
    return undefined;
  }
  const each = dimDiv(size, n);
  if (each === undefined || (isConcrete(each) && each < 1)) {
    const sizes = isConcrete(size) && size >= n ? nearSizes(size, n) : undefined;
    const shown = dimToString(size);
    c.ctx.report("E0323", `cannot split axis ${axis} of ${typeToString(x.type)} into ${n} equal parts: its size ${dimToString(size)} is not a multiple of ${n}`, at, {
      label: `${n} parts`,
      labels: [{ span: c.args.span("x"), message: `this is ${typeToString(x.type)}` }],
      help: sizes === undefined ? "choose a number of parts that divides the axis size" : `choose a number of parts that divides ${shown}, or give the sizes: \`split(x, [${sizes.join(", ")}])\``,
    });
    return undefined;
  }
  return Array.from({ length: n }, () => each);
}

/** `n` sizes as equal as possible that add up to `size` (the larger ones last). */
function nearSizes(size: number, n: number): number[] {
  const base = Math.floor(size / n);
  return Array.from({ length: n }, (_, i) => base + (i >= n - (size % n) ? 1 : 0));
}

/** Checked explicit sizes; undefined after reporting. */
function givenSizes(c: CallCtx, x: TensorValue, axis: number, items: readonly Spanned[]): Dim[] | undefined {
  const size = x.type.shape[axis]!;
  const sizes: Dim[] = [];
  for (const it of items) {
    const d = asDim(it.value);
    if (d === undefined || (isConcrete(d) && d < 1)) {
      c.ctx.report("E0324", `each size given to \`split\` must be a positive whole number or a dim, but this is \`${c.ctx.text(it.span)}\``, it.span, { label: "not a positive size", help: "every piece has at least one element" });
      return undefined;
    }
    sizes.push(d);
  }
  const total = sizes.reduce<Dim>((a, b) => dimAdd(a, b), 0);
  if (sizes.length === 0 || !dimEquals(total, size)) {
    c.ctx.report("E0324", `the sizes given to \`split\` add up to ${dimToString(total)}, but axis ${axis} of ${typeToString(x.type)} has ${dimToString(size)} elements`, c.args.span("parts"), {
      label: `these add up to ${dimToString(total)}`,
      labels: [{ span: c.args.span("x"), message: `this is ${typeToString(x.type)}` }],
      help: `make the sizes add up to ${dimToString(size)}`,
    });
    return undefined;
  }
  return sizes;
}

function split(c: CallCtx): Value {
  const x = c.args.tensor("x");
  const rank = x.type.shape.length;
  const axis = normAxis(c, c.args.number("axis"), rank, "axis", x);
  if (axis === undefined) return POISON;
  if (!isConcrete(x.type.shape[axis]!)) {
    reportSymbolicAxis(c.ctx, x, axis, c.args.span("x"));
    return POISON;
  }
  const parts = c.args.value("parts");
  const n = asNumber(parts);
  const sizes = n !== undefined ? equalSizes(c, x, axis, n) : parts.kind === "list" ? givenSizes(c, x, axis, parts.items) : undefined;
  if (sizes === undefined) {
    if (n === undefined && parts.kind !== "list") {
      c.ctx.report("E0203", `argument \`parts\` of \`split\` must be a whole number or a list of sizes, but this is \`${c.ctx.text(c.args.span("parts"))}\``, c.args.span("parts"), { label: "expected a number of parts or a list of sizes" });
    }
    return POISON;
  }
  const items: Spanned[] = [];
  let start: Dim = 0;
  for (const s of sizes) {
    const end = dimAdd(start, s);
    const piece = sizes.length === 1 ? x : c.ctx.op("slice", [x], { axis, start, end }, c.span);
    if (piece.kind === "poison") return POISON;
    items.push({ value: piece, span: c.span });
    start = end;
  }
  return { kind: "tuple", items };
}

export const SPLIT_BUILTINS: readonly BuiltinDef[] = [
  {
    name: "split",
    summary: "cuts x along `axis` into equal parts (`parts` a number) or pieces of the given sizes (a list); returns a tuple, destructured with `(a, b, …) = split(…)`",
    params: [
      { name: "x", kind: "tensor" },
      { name: "parts", kind: "any" },
      { name: "axis", kind: "int", default: num(-1) },
    ],
    lower: split,
  },
];
