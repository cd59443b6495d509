/** Lookups on integer data: `take(table, ids)`, `one_hot(ids, n)`, `float(x)`. */
import { isFloat, shapeToString, typeToString } from "@nnc/ir";
import { POISON, type TensorValue, type Value } from "../values.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

/** `ids` (the source text, when short) or "argument `ids`", for messages. */
function shown(c: CallCtx, name: string): string {
  const text = c.ctx.text(c.args.span(name));
  return text.length <= 40 && !text.includes("\n") ? `\`${text}\`` : `argument \`${name}\``;
}

/** The ids as a declaration would write them: `ids: i32[B, T]` (a plain name), else `i32[B, T]`. */
function idsDecl(c: CallCtx, name: string, ids: TensorValue): string {
  const text = c.ctx.text(c.args.span(name));
  const type = `i32${shapeToString(ids.type.shape)}`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) ? `${text}: ${type}` : type;
}

/** E0345 unless `ids` is i32; `other` labels the table (take) so both types are in view. */
function checkIds(c: CallCtx, ids: TensorValue, other?: { name: string; value: TensorValue }): boolean {
  if (ids.type.dtype === "i32") return true;
  const fn = c.call.callee.name;
  const also = other === undefined ? "" : ` (the table ${shown(c, other.name)} is ${typeToString(other.value.type)})`;
  c.ctx.report("E0345", `\`${fn}\` needs i32 ids, but ${shown(c, "ids")} is ${typeToString(ids.type)}${also}`, c.args.span("ids"), {
    label: `this is ${ids.type.dtype}`,
    labels: other === undefined ? [] : [{ span: c.args.span(other.name), message: `the table is ${typeToString(other.value.type)}` }],
    help: `ids are row indices: declare them as integers, e.g. \`${idsDecl(c, "ids", ids)}\``,
  });
  return false;
}

function take(c: CallCtx): Value {
  const table = c.args.tensor("table");
  const ids = c.args.tensor("ids");
  const both = [
    { span: c.args.span("table"), message: `the table is ${typeToString(table.type)}` },
    { span: c.args.span("ids"), message: `the ids are ${typeToString(ids.type)}` },
  ];
  if (!isFloat(table.type.dtype)) {
    const swapped = table.type.dtype === "i32" && isFloat(ids.type.dtype);
    c.ctx.report("E0346", `\`take\` needs a floating-point table, but ${shown(c, "table")} is ${typeToString(table.type)} (and the ids ${shown(c, "ids")} are ${typeToString(ids.type)})`, c.args.span("table"), {
      labels: both,
      help: swapped
        ? `the table comes first and the ids second: \`take(${c.ctx.text(c.args.span("ids"))}, ${c.ctx.text(c.args.span("table"))})\``
        : `convert the table first: \`take(float(${c.ctx.text(c.args.span("table"))}), …)\``,
    });
    return POISON;
  }
  if (table.type.shape.length === 0) {
    c.ctx.report("E0346", `\`take\` picks rows of its table, but ${shown(c, "table")} is ${typeToString(table.type)}, a scalar, which has none`, c.args.span("table"), {
      label: "a scalar",
      notes: ["the table needs at least one axis: take(E: f32[V, ...D], ids: i32[...I]) is f32[...I, ...D]"],
    });
    return POISON;
  }
  if (!checkIds(c, ids, { name: "table", value: table })) return POISON;
  return c.ctx.op("take", [table, ids], {}, c.span, both);
}

function oneHot(c: CallCtx): Value {
  const ids = c.args.tensor("ids");
  if (!checkIds(c, ids)) return POISON;
  const v = c.args.value("n");
  const n = v.kind === "dim" ? v.dim : c.args.number("n");
  return c.ctx.op("one_hot", [ids], { classes: n, dtype: c.ctx.floatDtype }, c.span);
}

/** bool/i32 → the model's float dtype (exact for |i| < 2^24 in f32); a float tensor is returned as is. */
function toFloat(c: CallCtx): Value {
  const x = c.args.tensor("x");
  if (isFloat(x.type.dtype)) return x;
  return c.ctx.op("cast", [x], { dtype: c.ctx.floatDtype }, c.span);
}

export const LOOKUP_BUILTINS: readonly BuiltinDef[] = [
  {
    name: "take",
    summary: "rows of a float table picked by i32 ids: take(E: f32[V, D], ids: i32[B, T]) is f32[B, T, D]",
    params: [
      { name: "table", kind: "tensor" },
      { name: "ids", kind: "tensor" },
    ],
    lower: take,
  },
  {
    name: "one_hot",
    summary: "one_hot(ids: i32[...], n) is float[..., n]: 1 at each id, 0 elsewhere",
    params: [
      { name: "ids", kind: "tensor" },
      { name: "n", kind: "dim" },
    ],
    lower: oneHot,
  },
  {
    name: "float",
    summary: "a bool or i32 tensor converted to the model's float type (a float tensor unchanged)",
    params: [{ name: "x", kind: "tensor" }],
    lower: toFloat,
  },
];
