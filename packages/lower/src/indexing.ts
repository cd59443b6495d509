/**
 * Static indexing and slicing `x[i]`, `hs[:, -1]`, `x[..., a:b]`. Each item addresses one axis (`...`
 * stands for as many whole axes as needed). A slice `a:b` becomes a `slice` node (the axis is kept); an
 * index `i` a `slice` [i, i+1], and one final `reshape` drops every indexed axis. Whole-axis items add no node.
 * Bounds: whole numbers or dim expressions; a negative one counts from the end (see `fromEnd`); omitted
 * bounds are 0 and the axis size. Out-of-range bounds are errors whenever a concrete difference decides
 * it; symbolic bounds that cannot be proved out of range are accepted (`x[:, T - 1]` on f32[B, T]).
 */
import type { Span } from "@nnc/diagnostics";
import { dimAdd, dimEquals, dimSub, dimToString, isConcrete, typeToString, type Dim } from "@nnc/ir";
import type { Expr, IndexExpr, IndexItem } from "@nnc/syntax";
import type { LowerCtx } from "./context.ts";
import { asDim, describe, POISON, type TensorValue, type Value } from "./values.ts";

/** What one item does to its axis, with the bounds already counted from the start. */
type AxisOp = { readonly kind: "keep" } | { readonly kind: "slice" | "index"; readonly start: Dim; readonly end: Dim };

/** Lowers a sub-expression in the index's scope (expr.ts passes it: this module cannot import expr.ts, a cycle). */
export type LowerSub = (e: Expr) => Value;

interface Located {
  readonly item: IndexItem;
  readonly axis: number;
}

/** A bound counts from the end when it is a negative number, or a dim expression whose symbol terms are all negative (`-T`). */
export function fromEnd(d: Dim): boolean {
  if (isConcrete(d)) return d < 0;
  return d.terms.filter((t) => t.syms.length > 0).every((t) => t.coef < 0);
}

/** True when `d` is provably negative (a concrete negative number). */
function negative(d: Dim): boolean {
  return isConcrete(d) && d < 0;
}

/** A static bound: a whole number or a dim; undefined after reporting (or when poisoned). */
function staticBound(ctx: LowerCtx, lower: LowerSub, e: Expr, what: string): Dim | undefined {
  const v = lower(e);
  if (v.kind === "poison") return undefined;
  const d = asDim(v);
  if (d !== undefined) return d;
  const tensorHelp = "indices are static; to pick elements by a tensor of integer ids use `take(x, ids)`";
  ctx.report("E0321", `${what} must be a whole number or a dim expression, but \`${ctx.text(e.span)}\` is ${describe(v)}`, e.span, {
    label: v.kind === "tensor" ? "a tensor, not a static index" : "not a whole number",
    help: v.kind === "tensor" ? tensorHelp : "use a whole number (negative counts from the end) or a dim expression such as `T - 1`",
  });
  return undefined;
}

/** Assigns axes to items (`...` expands); undefined after reporting E0320. */
function locate(ctx: LowerCtx, x: TensorValue, e: IndexExpr): Located[] | undefined {
  const rank = x.type.shape.length;
  const ellipses = e.items.filter((i) => i.kind === "Ellipsis");
  if (ellipses.length > 1) {
    ctx.report("E0320", "an index may contain at most one `...`", ellipses[1]!.span, { label: "second `...`", labels: [{ span: ellipses[0]!.span, message: "first `...`" }], help: "remove one of them" });
    return undefined;
  }
  const real = e.items.filter((i) => i.kind !== "Ellipsis");
  if (real.length > rank) {
    const extra = real[rank]!;
    ctx.report("E0320", `too many indices for ${typeToString(x.type)}: ${real.length} given for ${rank} ax${rank === 1 ? "is" : "es"}`, extra.span, {
      label: "no axis left for this",
      labels: [{ span: e.target.span, message: `this is ${typeToString(x.type)}` }],
      help: "give at most one index or slice per axis",
    });
    return undefined;
  }
  const dots = e.items.findIndex((i) => i.kind === "Ellipsis");
  const out: Located[] = [];
  for (const [k, item] of e.items.entries()) {
    if (item.kind === "Ellipsis") continue;
    const axis = dots < 0 || k < dots ? k : rank - (e.items.length - k);
    out.push({ item, axis });
  }
  return out;
}

function axisText(x: TensorValue, axis: number): string {
  return `axis ${axis} of ${typeToString(x.type)}`;
}

/** The range of one item, checked against its axis; undefined after reporting. */
function axisOp(ctx: LowerCtx, lower: LowerSub, x: TensorValue, at: Located): AxisOp | undefined {
  const size = x.type.shape[at.axis]!;
  const norm = (d: Dim): Dim => (fromEnd(d) ? dimAdd(size, d) : d);
  const it = at.item;
  if (it.kind === "Ellipsis") return { kind: "keep" };
  if (it.kind === "IndexAt") {
    const raw = staticBound(ctx, lower, it.value, "an index");
    if (raw === undefined) return undefined;
    if (!isConcrete(size)) {
      reportSymbolicAxis(ctx, x, at.axis, it.span);
      return undefined;
    }
    const i = norm(raw);
    if (negative(i) || negative(dimSub(dimSub(size, i), 1))) {
      const valid = isConcrete(size) ? `valid indices are 0 to ${size - 1}, or -${size} to -1` : `valid indices are 0 to ${dimToString(dimSub(size, 1))}, or -${dimToString(size)} to -1`;
      ctx.report("E0318", `index ${ctx.text(it.value.span)} is out of range for ${axisText(x, at.axis)}`, it.span, {
        label: `axis ${at.axis} has ${dimToString(size)} element${size === 1 ? "" : "s"}`,
        notes: [valid],
        help: "use an index inside the axis; negative indices count from the end (`-1` is the last)",
      });
      return undefined;
    }
    return { kind: "index", start: i, end: dimAdd(i, 1) };
  }
  const rawStart = it.start === null ? 0 : staticBound(ctx, lower, it.start, "a slice bound");
  const rawEnd = it.end === null ? size : staticBound(ctx, lower, it.end, "a slice bound");
  if (rawStart === undefined || rawEnd === undefined) return undefined;
  const start = it.start === null ? 0 : norm(rawStart);
  const end = it.end === null ? size : norm(rawEnd);
  const len = dimSub(end, start);
  const outside = negative(start) || negative(dimSub(size, end));
  if (outside || (isConcrete(len) && len < 1)) {
    const shown = `${dimToString(start)}:${dimToString(end)}`;
    const written = ctx.text(it.span);
    const counted = written === shown ? "" : ` (\`${written}\` counts as ${shown})`;
    const msg = outside ? `slice \`${written}\` is out of range for ${axisText(x, at.axis)}${counted}` : `slice \`${written}\` of ${axisText(x, at.axis)} is empty${counted}`;
    ctx.report("E0319", msg, it.span, {
      label: outside ? `axis ${at.axis} has ${dimToString(size)} element${size === 1 ? "" : "s"}` : emptyLabel(start, end),
      notes: [`a slice \`a:b\` needs 0 ≤ a < b ≤ ${dimToString(size)} once negative bounds are counted from the end`],
      help: outside ? "keep the bounds inside the axis (bounds are not clamped)" : "a slice must select at least one element; write the start before the end",
    });
    return undefined;
  }
  if (dimEquals(start, 0) && dimEquals(end, size)) return { kind: "keep" };
  if (!isConcrete(size)) {
    reportSymbolicAxis(ctx, x, at.axis, it.span);
    return undefined;
  }
  return { kind: "slice", start, end };
}

/**
 * E0327: bounds on an axis of symbolic size cannot be checked at compile time, and nothing checks them when
 * the dims are bound (a smaller last batch, one row to predict), so only whole-axis items are allowed there.
 */
export function reportSymbolicAxis(ctx: LowerCtx, x: TensorValue, axis: number, span: Span): void {
  const size = x.type.shape[axis]!;
  ctx.report("E0327", `cannot index ${axisText(x, axis)}: its size ${dimToString(size)} is only known at run time`, span, {
    label: `axis ${axis} has ${dimToString(size)} elements, a number each step binds`,
    notes: ["indices are checked when the program is compiled; a step may receive fewer rows (the last batch of an epoch, one row given to predict)"],
    help: "take this axis whole (`:`); index only axes of fixed size",
  });
}

/** Why a slice inside its axis selects nothing (its bounds counted from the start). */
function emptyLabel(start: Dim, end: Dim): string {
  if (dimEquals(start, end)) return `selects no elements: the start and the end are both ${dimToString(start)}`;
  return `selects no elements: the end (${dimToString(end)}) is before the start (${dimToString(start)})`;
}

/** Lowers `x[...]`. */
export function lowerIndex(ctx: LowerCtx, e: IndexExpr, lower: LowerSub): Value {
  const target = lower(e.target);
  if (target.kind === "poison") return POISON;
  if (target.kind !== "tensor") {
    for (const it of e.items) {
      if (it.kind === "IndexAt") lower(it.value);
      if (it.kind === "Slice") for (const b of [it.start, it.end]) if (b !== null) lower(b);
    }
    reportNotTensor(ctx, target, e.target.span);
    return POISON;
  }
  const located = locate(ctx, target, e);
  if (located === undefined) return POISON;
  const ops: { axis: number; op: AxisOp }[] = [];
  let ok = true;
  for (const at of located) {
    const op = axisOp(ctx, lower, target, at);
    if (op === undefined) ok = false;
    else ops.push({ axis: at.axis, op });
  }
  if (!ok) return POISON;
  return emit(ctx, target, ops, e.span);
}

function reportNotTensor(ctx: LowerCtx, v: Value, span: Span): void {
  const tuple = v.kind === "tuple";
  ctx.report("E0322", `only tensors can be indexed, but this is ${describe(v)}`, span, {
    label: tuple ? "several results, not one tensor" : "not a tensor",
    help: tuple ? "destructure it first: `(a, b) = ...`, then index a part" : "index a tensor",
  });
}

function emit(ctx: LowerCtx, x: TensorValue, ops: readonly { axis: number; op: AxisOp }[], span: Span): Value {
  let cur: Value = x;
  const dropped = new Set<number>();
  for (const { axis, op } of ops) {
    if (op.kind === "keep") continue;
    if (op.kind === "index") dropped.add(axis);
    if (cur.kind !== "tensor") return POISON;
    if (dimEquals(op.start, 0) && dimEquals(op.end, cur.type.shape[axis]!)) continue;
    cur = ctx.op("slice", [cur], { axis, start: op.start, end: op.end }, span);
  }
  if (dropped.size === 0 || cur.kind !== "tensor") return cur;
  const shape = cur.type.shape.filter((_, k) => !dropped.has(k));
  return ctx.op("reshape", [cur], { shape }, span);
}
