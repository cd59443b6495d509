/**
 * Explicit NumPy broadcasting for elementwise operations: operands are brought to one shape with
 * `broadcast` nodes and numbers become `const` nodes of the tensors' dtype, so every elementwise op
 * in the IR sees equal shapes and dtypes.
 */
import type { Label, Span } from "@nnc/diagnostics";
import { dimEquals, dimToString, isConcrete, shapesEqual, shapeToString, tensorType, typeToString, type Dim, type DType } from "@nnc/ir";
import type { LowerCtx } from "./context.ts";
import { asNumber, type Spanned, type TensorValue, type Value } from "./values.ts";

/** NumPy right-aligned broadcast of two shapes; undefined when some aligned pair differs and neither is 1. */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Dim[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (dimEquals(x, y) || y === 1) out.push(x);
    else if (x === 1) out.push(y);
    else return undefined;
  }
  return out;
}

/** The first right-aligned pair of dims that does not broadcast, for messages. */
function conflict(a: readonly Dim[], b: readonly Dim[]): [Dim, Dim] | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = n - 1; i >= 0; i--) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (!dimEquals(x, y) && x !== 1 && y !== 1) return [x, y];
  }
  return undefined;
}

/** `v` broadcast to `shape` (no node when equal). */
export function broadcastTo(ctx: LowerCtx, v: TensorValue, shape: readonly Dim[], span: Span): Value {
  if (shapesEqual(v.type.shape, shape)) return v;
  return ctx.op("broadcast", [v], { shape }, span);
}

/** A symbolic dim used as a number becomes a scalar `dimsize` node (its value at run time). */
export function dimTensor(ctx: LowerCtx, d: Dim, dtype: DType, span: Span): TensorValue {
  const t = tensorType(dtype, []);
  return ctx.source("dimsize", { dims: [d], dtype }, t, span);
}

export interface AlignOptions {
  /** Operands before this index are exempt from the common-dtype check (the condition of `where`). */
  readonly dtypeFrom?: number;
  /** Numbers are not allowed with bool tensors (arithmetic); comparisons may allow them. */
  readonly what: string;
}

/**
 * Brings the operands (tensors, numbers, dims) to one dtype and one broadcast shape. Reports dtype
 * disagreements (E0201) and shapes that do not broadcast (E0301) at `site`; undefined after a report.
 * Poisoned operands must be filtered out by the caller.
 */
export function alignOperands(ctx: LowerCtx, operands: readonly Spanned[], site: Span, opts: AlignOptions): TensorValue[] | undefined {
  const from = opts.dtypeFrom ?? 0;
  const checked = operands.slice(from);
  const tensors = checked.filter((o) => o.value.kind === "tensor");
  const dtype = tensors.length === 0 ? ctx.floatDtype : (tensors[0]!.value as TensorValue).type.dtype;
  const typeLabel = (o: Spanned): Label => ({ span: o.span, message: o.value.kind === "tensor" ? `this is ${typeToString(o.value.type)}` : `this is ${asNumber(o.value) ?? "a number"}` });
  for (const o of tensors) {
    const t = (o.value as TensorValue).type;
    if (t.dtype !== dtype) {
      ctx.report("E0201", `the operands of ${opts.what} have different element types: ${dtype} and ${t.dtype}`, site, {
        labels: tensors.map(typeLabel),
        help: "both operands must have the same element type",
      });
      return undefined;
    }
  }
  for (const o of checked) {
    const n = asNumber(o.value);
    if (n === undefined) continue;
    if (dtype === "bool") {
      ctx.report("E0201", `${opts.what} cannot combine the number ${n} with a bool tensor`, o.span, { label: "a number", labels: tensors.map(typeLabel) });
      return undefined;
    }
    if (dtype === "i32" && !Number.isInteger(n)) {
      ctx.report("E0201", `${opts.what} cannot combine the fractional number ${n} with an i32 tensor`, o.span, { label: "not a whole number", labels: tensors.map(typeLabel) });
      return undefined;
    }
  }
  const asTensors = operands.map((o) => (o.value.kind === "dim" && !isConcrete(o.value.dim) ? { value: dimTensor(ctx, o.value.dim, dtype, o.span), span: o.span } : o));
  let shape: Dim[] = [];
  for (const o of asTensors) {
    if (o.value.kind !== "tensor") continue;
    const s = o.value.type.shape;
    const next = broadcastShapes(shape, s);
    if (next === undefined) {
      const [x, y] = conflict(shape, s) ?? [0, 0];
      ctx.report("E0301", `${opts.what}: cannot broadcast ${shapeToString(shape)} with ${shapeToString(s)}`, site, {
        labels: asTensors.filter((t) => t.value.kind === "tensor").map(typeLabel),
        notes: [`shapes are aligned from the right; dimension ${dimToString(x)} does not match ${dimToString(y)}, and neither is 1`],
      });
      return undefined;
    }
    shape = next;
  }
  const out: TensorValue[] = [];
  for (const o of asTensors) {
    if (o.value.kind === "tensor") {
      const b = broadcastTo(ctx, o.value, shape, site);
      if (b.kind !== "tensor") return undefined;
      out.push(b);
    } else {
      const n = asNumber(o.value) ?? 0;
      out.push(ctx.constant(n, tensorType(dtype, shape), o.span));
    }
  }
  return out;
}
