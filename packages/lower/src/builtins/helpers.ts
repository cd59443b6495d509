/** Checks shared by built-ins: float operands, axis normalisation. */
import { isFloat, tensorType, typeToString } from "@nnc/ir";
import { asNumber, type TensorValue } from "../values.ts";
import type { CallCtx } from "./types.ts";

/** The tensor argument `name`; a number becomes a scalar const of the default float dtype. */
export function operandTensor(c: CallCtx, name: string): TensorValue {
  const v = c.args.value(name);
  if (v.kind === "tensor") return v;
  return c.ctx.constant(asNumber(v) ?? 0, tensorType(c.ctx.floatDtype, []), c.args.span(name));
}

/** The argument `name` if it is a floating-point tensor; reports E0201 otherwise. */
export function floatArg(c: CallCtx, name: string): TensorValue | undefined {
  const t = operandTensor(c, name);
  if (isFloat(t.type.dtype)) return t;
  const text = c.ctx.text(c.args.span(name));
  const what = text.length <= 40 && !text.includes("\n") ? `\`${text}\`` : `argument \`${name}\``;
  c.ctx.report("E0201", `\`${c.call.callee.name}\` needs a floating-point tensor, but ${what} is ${typeToString(t.type)}`, c.args.span(name), {
    label: `this is ${t.type.dtype}`,
    help: "floating-point element types are f32 and f64",
  });
  return undefined;
}

/** Axis `a` of a rank-`rank` tensor, with negatives counted from the end; reports E0303 when out of range. */
export function normAxis(c: CallCtx, a: number, rank: number, argName: string, t: TensorValue): number | undefined {
  if (a >= -rank && a < rank) return a < 0 ? a + rank : a;
  const range = rank === 0 ? "a scalar has no axes" : `valid axes are 0 to ${rank - 1} (or -${rank} to -1)`;
  c.ctx.report("E0303", `axis ${a} is out of range for ${typeToString(t.type)} (rank ${rank})`, c.args.span(argName), {
    label: "no such axis",
    notes: [range],
  });
  return undefined;
}

/** Normalised, sorted, distinct axes of argument `argName` (all axes when omitted). */
export function normAxes(c: CallCtx, argName: string, t: TensorValue): number[] | undefined {
  const rank = t.type.shape.length;
  const given = c.args.axes(argName);
  if (given === undefined) return Array.from({ length: rank }, (_, i) => i);
  const out: number[] = [];
  for (const a of given.axes) {
    const n = normAxis(c, a, rank, argName, t);
    if (n === undefined) return undefined;
    if (out.includes(n)) {
      c.ctx.report("E0303", `axis ${n} is listed twice`, c.args.span(argName), { label: "repeated axis" });
      return undefined;
    }
    out.push(n);
  }
  return out.sort((x, y) => x - y);
}
