/** Checks of a `scan` call that need no step lowered: the cell's state parameters, the axis and the length. */
import { dimToString, isConcrete, typeToString } from "@nnc/ir";
import type { BlockDecl, BlockParam } from "@nnc/syntax";
import type { LowerCtx } from "./context.ts";
import { MAX_STEPS, type NamedArgs } from "./scan-forms.ts";
import type { Spanned, TensorValue } from "./values.ts";

/** The cell's tensor parameters not given by a forwarded named argument: x_t first, then one per state. */
export function stateParams(cell: BlockDecl, forwarded: NamedArgs): BlockParam[] {
  const given = new Set(forwarded.map((n) => n.name));
  return cell.params.filter((p) => p.type.kind === "TensorType" && !given.has(p.name.name));
}

export interface ScanAxes {
  /** The scanned axis of `xs`. */
  readonly input: number;
  /** Per state: the axis of its stack (negative `axis` counts from the end of the stacked result). */
  readonly output: readonly number[];
}

/**
 * `axis` normalized for `xs` (rank r: -r … r-1) and for each state's stack (rank k+1 for a state of
 * rank k); E0333 and undefined when out of range.
 */
export function checkScanAxis(ctx: LowerCtx, xs: TensorValue, xsSpan: Spanned["span"], axis: number, axisSpan: Spanned["span"], states: readonly Spanned[]): ScanAxes | undefined {
  const r = xs.type.shape.length;
  const input = axis < 0 ? axis + r : axis;
  if (input < 0 || input >= r) {
    ctx.report("E0333", `\`axis = ${axis}\` is out of range for \`xs\` of type ${typeToString(xs.type)}`, axisSpan, {
      label: r === 0 ? "a scalar has no axis to scan" : `axes of \`xs\` are ${-r} … ${r - 1}`,
      labels: [{ span: xsSpan, message: `\`xs\` is ${typeToString(xs.type)}` }],
      help: "scan over the time axis of `xs`, e.g. `axis = 1` for `[B, T, ...]`",
    });
    return undefined;
  }
  const output: number[] = [];
  for (const s of states) {
    const k = (s.value as TensorValue).type.shape.length;
    const o = axis < 0 ? axis + k + 1 : axis;
    if (o < 0 || o > k) {
      ctx.report("E0333", `\`axis = ${axis}\` cannot stack a state of type ${typeToString((s.value as TensorValue).type)}: the stacked result has rank ${k + 1}`, axisSpan, {
        label: `stacking axes are ${-(k + 1)} … ${k}`,
        labels: [{ span: s.span, message: "this state" }],
        help: "the states are stacked along the same axis as `xs` is scanned; use an axis both have",
      });
      return undefined;
    }
    output.push(o);
  }
  return { input, output };
}

/** The static length of `xs` along `axis`; E0332 (symbolic) or E0334 (0 or above MAX_STEPS) and undefined otherwise. */
export function checkScanLength(ctx: LowerCtx, xs: TensorValue, axis: number, xsSpan: Spanned["span"]): number | undefined {
  const T = xs.type.shape[axis]!;
  if (!isConcrete(T)) {
    ctx.report("E0332", `\`scan\` needs a fixed length, but axis ${axis} of \`xs\` is ${dimToString(T)} (${typeToString(xs.type)})`, xsSpan, {
      label: `length ${dimToString(T)} is not a number`,
      notes: ["scan unrolls one application of its cell per step, so the number of steps is fixed when the program is checked"],
      help: "give the sequence length as a number in the input's type, e.g. `f32[B, 32, 8]`",
    });
    return undefined;
  }
  if (T < 1 || T > MAX_STEPS) {
    ctx.report("E0334", `\`scan\` over ${T} steps: the length along axis ${axis} must be 1 to ${MAX_STEPS}`, xsSpan, {
      label: `\`xs\` is ${typeToString(xs.type)}`,
      help: T < 1 ? "scan over a non-empty axis" : "split the sequence into chunks of at most 4096 steps",
    });
    return undefined;
  }
  return T;
}
