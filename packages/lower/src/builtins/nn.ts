/** Losses, dropout, convolution and pooling built-ins. */
import { dimEquals, shapeToString, typeToString } from "@nnc/ir";
import { alignOperands } from "../broadcast.ts";
import { num, POISON, type Value } from "../values.ts";
import { floatArg } from "./helpers.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

function crossEntropy(c: CallCtx): Value {
  const logits = floatArg(c, "logits");
  if (logits === undefined) return POISON;
  const labels = c.args.tensor("labels");
  const ls = logits.type.shape;
  if (ls.length === 0) {
    c.ctx.report("E0301", `the logits of \`cross_entropy\` need a class axis (shape [..., C]), but they are the scalar ${typeToString(logits.type)}`, c.args.span("logits"), {
      label: "a scalar",
    });
    return POISON;
  }
  const want = ls.slice(0, -1);
  if (labels.type.dtype !== "i32") {
    const name = c.call.args[1]?.kind === "Name" ? c.ctx.text(c.args.span("labels")) : "label";
    c.ctx.report("E0202", `the labels of \`cross_entropy\` must be i32 class indices, but they are ${typeToString(labels.type)}`, c.args.span("labels"), {
      label: `this is ${labels.type.dtype}`,
      help: `declare the labels as integers: \`input ${name}: i32${shapeToString(want)}\``,
    });
    return POISON;
  }
  const ok = labels.type.shape.length === want.length && labels.type.shape.every((d, i) => dimEquals(d, want[i]!));
  if (!ok) {
    c.ctx.report("E0301", `labels ${typeToString(labels.type)} do not fit logits ${typeToString(logits.type)}: expected labels of shape ${shapeToString(want)}`, c.args.span("labels"), {
      label: `this is ${typeToString(labels.type)}`,
      labels: [{ span: c.args.span("logits"), message: `logits are ${typeToString(logits.type)}` }],
      notes: ["labels hold one class index per row of logits: their shape is the logits' shape without the last (class) axis"],
    });
    return POISON;
  }
  return c.ctx.op("cross_entropy", [logits, labels], {}, c.span);
}

function bce(c: CallCtx): Value {
  const logits = floatArg(c, "logits");
  if (logits === undefined) return POISON;
  const ops = alignOperands(c.ctx, [c.args.get("logits"), c.args.get("targets")], c.span, { what: "`bce_with_logits`" });
  return ops === undefined ? POISON : c.ctx.op("bce_with_logits", ops, {}, c.span);
}

function dropout(c: CallCtx): Value {
  const x = floatArg(c, "x");
  if (x === undefined) return POISON;
  const p = c.args.number("p");
  if (!(p >= 0 && p < 1)) {
    c.ctx.report("E0206", `the dropout probability must be in [0, 1), got ${p}`, c.args.span("p"), { label: "out of range" });
    return POISON;
  }
  const seed = c.ctx.next("dropout") - 1;
  const mask = c.ctx.source("dropout_mask", { p, dtype: x.type.dtype, shape: x.type.shape, seed }, x.type, c.span);
  return c.ctx.op("mul", [x, mask], {}, c.span);
}

function positiveInt(c: CallCtx, name: string, min: number): number | undefined {
  const v = c.args.number(name);
  if (v >= min) return v;
  c.ctx.report("E0206", `\`${name}\` of \`${c.call.callee.name}\` must be at least ${min}, got ${v}`, c.args.span(name), { label: "out of range" });
  return undefined;
}

function conv2d(c: CallCtx): Value {
  const x = floatArg(c, "x");
  const k = floatArg(c, "k");
  const stride = positiveInt(c, "stride", 1);
  const pad = positiveInt(c, "pad", 0);
  if (x === undefined || k === undefined || stride === undefined || pad === undefined) return POISON;
  const labels = [
    { span: c.args.span("x"), message: `input is ${typeToString(x.type)}` },
    { span: c.args.span("k"), message: `kernel is ${typeToString(k.type)}` },
  ];
  return c.ctx.op("conv2d", [x, k], { stride, pad }, c.span, labels);
}

function pool(op: string): (c: CallCtx) => Value {
  return (c) => {
    const x = floatArg(c, "x");
    const size = positiveInt(c, "size", 1);
    const stride = c.args.has("stride") ? positiveInt(c, "stride", 1) : size;
    if (x === undefined || size === undefined || stride === undefined) return POISON;
    return c.ctx.op(op, [x], { size, stride }, c.span, [{ span: c.args.span("x"), message: `input is ${typeToString(x.type)}` }]);
  };
}

const POOL_PARAMS = [
  { name: "x", kind: "tensor" },
  { name: "size", kind: "int", default: num(2) },
  { name: "stride", kind: "int", optional: true },
] as const;

export const NN_BUILTINS: readonly BuiltinDef[] = [
  {
    name: "cross_entropy",
    summary: "per-example −log softmax(logits)[label], from logits (stable)",
    params: [
      { name: "logits", kind: "tensor" },
      { name: "labels", kind: "tensor" },
    ],
    lower: crossEntropy,
  },
  {
    name: "bce_with_logits",
    summary: "elementwise binary cross-entropy from logits (stable)",
    params: [
      { name: "logits", kind: "tensor" },
      { name: "targets", kind: "operand" },
    ],
    lower: bce,
  },
  {
    name: "dropout",
    summary: "zeroes elements with probability p while training, scaling the rest by 1/(1-p)",
    params: [
      { name: "x", kind: "tensor" },
      { name: "p", kind: "number" },
    ],
    lower: dropout,
  },
  {
    name: "conv2d",
    summary: "2-D convolution, NCHW input and OIHW kernel",
    params: [
      { name: "x", kind: "tensor" },
      { name: "k", kind: "tensor" },
      { name: "stride", kind: "int", default: num(1) },
      { name: "pad", kind: "int", default: num(0) },
    ],
    lower: conv2d,
  },
  { name: "maxpool2d", summary: "max over size×size windows (NCHW)", params: POOL_PARAMS, lower: pool("maxpool2d") },
  { name: "avgpool2d", summary: "mean over size×size windows (NCHW)", params: POOL_PARAMS, lower: pool("avgpool2d") },
];
