/**
 * `a @ b` with NumPy matmul semantics: vector·vector → scalar, matrix·vector → vector,
 * vector·matrix → vector, matrix·matrix, and batched for rank ≥ 3 with NumPy-broadcast batch dims
 * (broadcast nodes make both operands' batch dims equal before the `matmul` node).
 */
import type { Label, Span } from "@nnc/diagnostics";
import { dimEquals, dimToString, shapeToString, typeToString, type Dim } from "@nnc/ir";
import { broadcastShapes, broadcastTo } from "./broadcast.ts";
import type { LowerCtx } from "./context.ts";
import { POISON, type Spanned, type TensorValue, type Value } from "./values.ts";
import { swapLastTwo } from "@nnc/ops";

export interface MatmulSite {
  readonly span: Span;
  readonly opSpan: Span;
}

function label(o: Spanned, t: TensorValue): Label {
  return { span: o.span, message: `this is ${typeToString(t.type)}` };
}

/** True when the `(` at `open` is closed by the text's last character. */
function closesAtEnd(text: string, open: number): boolean {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    depth += text[i] === "(" ? 1 : text[i] === ")" ? -1 : 0;
    if (depth === 0) return i === text.length - 1;
  }
  return false;
}

/** The operand's text, parenthesised unless it is a name, a path, one call or already parenthesised (so `@` binds as written). */
function operandText(ctx: LowerCtx, o: Spanned): string {
  const text = ctx.text(o.span).trim();
  if (/^[A-Za-z_][\w.]*$/.test(text) || (text.startsWith("(") && closesAtEnd(text, 0))) return text;
  const call = /^[A-Za-z_][\w.]*\(/.exec(text);
  return call !== null && closesAtEnd(text, call[0].length - 1) ? text : `(${text})`;
}

/**
 * `transpose(x)` swapping the last two axes of a rank-`rank` operand: the plain form for a matrix
 * (where reversing all axes is that swap), else `perm = [0, …, r-3, r-1, r-2]` written out, because
 * `transpose(x)` reverses every axis and would move the batch dims too.
 */

/** The shape with its last two dims swapped, for the hint's "which is …" part. */
function swapped(shape: readonly Dim[]): string {
  return shapeToString([...shape.slice(0, -2), shape[shape.length - 1]!, shape[shape.length - 2]!]);
}

/** A hint when swapping the last two axes of one operand (rank ≥ 2) would make the inner dims agree. */
function transposeHint(ctx: LowerCtx, l: Spanned, r: Spanned, a: readonly Dim[], b: readonly Dim[]): string | undefined {
  const lk = a[a.length - 1]!;
  const [lt, rt] = [operandText(ctx, l), operandText(ctx, r)];
  const which = (shape: readonly Dim[]) => (shape.length <= 2 ? "" : ` (it swaps the last two axes: ${swapped(shape)})`);
  if (b.length >= 2 && dimEquals(lk, b[b.length - 1]!)) return `did you mean \`${lt} @ ${swapLastTwo(ctx.text(r.span), b.length)}\`?${which(b)}`;
  if (a.length >= 2 && dimEquals(a[a.length - 2]!, b.length >= 2 ? b[b.length - 2]! : b[0]!)) {
    return `did you mean \`${swapLastTwo(ctx.text(l.span), a.length)} @ ${rt}\`?${which(a)}`;
  }
  return undefined;
}

export function lowerMatmul(ctx: LowerCtx, l: Spanned, r: Spanned, site: MatmulSite): Value {
  const lv = l.value;
  const rv = r.value;
  if (lv.kind !== "tensor" || rv.kind !== "tensor") {
    const bad = lv.kind !== "tensor" ? l : r;
    ctx.report("E0302", "`@` needs tensor operands of rank ≥ 1", bad.span, { label: "not a tensor", help: "use `*` to multiply by a number" });
    return POISON;
  }
  const labels = [label(l, lv), label(r, rv)];
  const a = lv.type.shape;
  const b = rv.type.shape;
  if (a.length === 0 || b.length === 0) {
    ctx.report("E0302", `\`@\` needs operands of rank ≥ 1, got ${typeToString(lv.type)} @ ${typeToString(rv.type)}`, site.opSpan, {
      labels,
      help: "to scale by a scalar use `*`",
    });
    return POISON;
  }
  if (lv.type.dtype !== rv.type.dtype) {
    ctx.report("E0201", `the operands of \`@\` have different element types: ${lv.type.dtype} and ${rv.type.dtype}`, site.opSpan, { labels });
    return POISON;
  }
  const k1 = a[a.length - 1]!;
  const k2 = b.length === 1 ? b[0]! : b[b.length - 2]!;
  if (!dimEquals(k1, k2)) {
    const form = `${a.length === 1 ? "vector" : "matrix"}·${b.length === 1 ? "vector" : "matrix"}`;
    const where = b.length === 1 ? "its length" : "its second-to-last dimension";
    const hint = transposeHint(ctx, l, r, a, b);
    ctx.report(
      "E0302",
      `inner dimensions differ: ${typeToString(lv.type)} @ ${typeToString(rv.type)} (${dimToString(k1)} ≠ ${dimToString(k2)})`,
      site.opSpan,
      {
        labels,
        notes: [`for a ${form} product, the last dimension of the left operand (${dimToString(k1)}) must equal ${where} on the right (${dimToString(k2)})`],
        ...(hint === undefined ? {} : { help: hint }),
      },
    );
    return POISON;
  }
  let left: Value = lv;
  let right: Value = rv;
  if (a.length >= 3 || b.length >= 3) {
    const ba = a.length >= 2 ? a.slice(0, -2) : [];
    const bb = b.length >= 2 ? b.slice(0, -2) : [];
    const batch = broadcastShapes(ba, bb);
    if (batch === undefined) {
      ctx.report("E0302", `batch dimensions of \`@\` do not broadcast: ${shapeToString(ba)} and ${shapeToString(bb)}`, site.opSpan, { labels });
      return POISON;
    }
    if (a.length >= 2) left = broadcastTo(ctx, lv, [...batch, ...a.slice(-2)], site.span);
    if (b.length >= 2) right = broadcastTo(ctx, rv, [...batch, ...b.slice(-2)], site.span);
  }
  if (left.kind !== "tensor" || right.kind !== "tensor") return POISON;
  return ctx.op("matmul", [left, right], {}, site.span, labels);
}
