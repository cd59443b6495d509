/** Reductions (`sum mean max min logsumexp`) and normalizers (`softmax log_softmax`). */
import { typeToString } from "@nnc/ir";
import { num, POISON, type TensorValue } from "../values.ts";
import { floatArg, normAxes, normAxis } from "./helpers.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

function reduction(name: string, op: string, floatOnly: boolean, summary: string): BuiltinDef {
  return {
    name,
    summary,
    params: [
      { name: "x", kind: "tensor" },
      { name: "axis", kind: "axes", optional: true },
      { name: "keepdims", kind: "bool", default: { kind: "bool", value: false } },
    ],
    lower: (c) => {
      const x = floatOnly ? floatArg(c, "x") : numericArg(c);
      if (x === undefined) return POISON;
      const axes = normAxes(c, "axis", x);
      if (axes === undefined) return POISON;
      if (axes.length === 0) return x;
      return c.ctx.op(op, [x], { axes, keepdims: c.args.bool("keepdims") }, c.span);
    },
  };
}

function numericArg(c: CallCtx): TensorValue | undefined {
  const x = c.args.tensor("x");
  if (x.type.dtype !== "bool") return x;
  c.ctx.report("E0201", `\`${c.call.callee.name}\` is not defined on bool tensors`, c.args.span("x"), { label: `this is ${typeToString(x.type)}` });
  return undefined;
}

function normalizer(name: string, summary: string): BuiltinDef {
  return {
    name,
    summary,
    params: [
      { name: "x", kind: "tensor" },
      { name: "axis", kind: "int", default: num(-1) },
    ],
    lower: (c) => {
      const x = floatArg(c, "x");
      if (x === undefined) return POISON;
      const axis = normAxis(c, c.args.number("axis"), x.type.shape.length, "axis", x);
      return axis === undefined ? POISON : c.ctx.op(name, [x], { axis }, c.span);
    },
  };
}

export const REDUCE_BUILTINS: readonly BuiltinDef[] = [
  reduction("sum", "reduce_sum", false, "sum over `axis` (default: all axes)"),
  reduction("mean", "reduce_mean", true, "mean over `axis` (default: all axes)"),
  reduction("max", "reduce_max", false, "maximum over `axis`; ties share the gradient"),
  reduction("min", "reduce_min", false, "minimum over `axis`; ties share the gradient"),
  reduction("logsumexp", "logsumexp", true, "log Σ exp over `axis`, computed stably"),
  normalizer("softmax", "exp(x) / Σ exp(x) along `axis`"),
  normalizer("log_softmax", "x − logsumexp(x) along `axis`"),
];
