/**
 * Binding a call's arguments to a signature (built-ins, blocks, initializers, optimizers): arity,
 * unknown and repeated named arguments, missing required ones, and the kind of each value.
 */
import type { Span } from "@nnc/diagnostics";
import { isConcrete } from "@nnc/ir";
import type { CallExpr } from "@nnc/syntax";
import type { LowerCtx } from "./context.ts";
import { didYouMean } from "./suggest.ts";
import { reportTupleMisuse } from "./tuples.ts";
import { asDim, asNumber, describe, isPoisoned, type Spanned, type Value } from "./values.ts";

/**
 * tensor: a tensor; operand: a tensor or a number (broadcast); number/int/bool/string: constants;
 * axes: an int or a list of ints; ints: a list of ints; shape: a list of ints and dims; tensors: a
 * list of tensors; dim: a positive whole number or a dim; any: anything.
 */
export type ArgKind = "tensor" | "operand" | "number" | "int" | "bool" | "string" | "axes" | "ints" | "shape" | "tensors" | "dim" | "any";

export interface ParamSpec {
  readonly name: string;
  readonly kind: ArgKind;
  /** The value when the argument is omitted. */
  readonly default?: Value;
  /** Omittable without a default (the callee derives it, e.g. `axis` = all axes). */
  readonly optional?: boolean;
}

export interface CallArgs {
  readonly positional: readonly Spanned[];
  readonly named: readonly { readonly name: string; readonly nameSpan: Span; readonly value: Spanned }[];
}

const KIND_TEXT: Record<ArgKind, string> = {
  tensor: "a tensor",
  operand: "a tensor or a number",
  number: "a number",
  int: "a whole number",
  bool: "`true` or `false`",
  string: "a string",
  axes: "an axis or a list of axes",
  ints: "a list of whole numbers",
  shape: "a list of dimensions",
  tensors: "a list of tensors",
  dim: "a positive whole number or a dim",
  any: "a value",
};

function isInt(v: Value): boolean {
  const n = asNumber(v);
  return n !== undefined && Number.isInteger(n);
}

export function kindMatches(kind: ArgKind, v: Value): boolean {
  switch (kind) {
    case "tensor":
      return v.kind === "tensor";
    case "operand":
      return v.kind === "tensor" || asNumber(v) !== undefined || v.kind === "dim";
    case "number":
      return asNumber(v) !== undefined;
    case "int":
      return isInt(v);
    case "bool":
      return v.kind === "bool";
    case "string":
      return v.kind === "string";
    case "axes":
      return isInt(v) || (v.kind === "list" && v.items.every((i) => isInt(i.value)));
    case "ints":
      return v.kind === "list" && v.items.every((i) => isInt(i.value));
    case "shape":
      return v.kind === "list" && v.items.every((i) => asDim(i.value) !== undefined);
    case "tensors":
      return v.kind === "list" && v.items.length > 0 && v.items.every((i) => i.value.kind === "tensor");
    case "dim": {
      const d = asDim(v);
      return d !== undefined && (!isConcrete(d) || d >= 1);
    }
    case "any":
      return true;
  }
}

/**
 * Matches arguments to `params` (positional first, then named). Returns the bound arguments, or
 * undefined after reporting when the call does not fit or an argument is poisoned or of the wrong kind.
 */
export function bindArgs(ctx: LowerCtx, callee: string, params: readonly ParamSpec[], call: CallExpr, args: CallArgs): Map<string, Spanned> | undefined {
  const bound = new Map<string, Spanned>();
  const boundBy = new Map<string, Span>();
  let ok = true;
  const sig = `${callee}(${params.map(paramText).join(", ")})`;
  for (const [i, a] of args.positional.entries()) {
    const p = params[i];
    if (p === undefined) {
      ctx.report("E0105", `\`${callee}\` takes ${params.length} argument${params.length === 1 ? "" : "s"}, but ${args.positional.length} were given`, a.span, {
        label: "unexpected argument",
        notes: [`the signature is \`${sig}\``],
      });
      ok = false;
      break;
    }
    bound.set(p.name, a);
    boundBy.set(p.name, a.span);
  }
  for (const n of args.named) {
    const p = params.find((q) => q.name === n.name);
    if (p === undefined) {
      ctx.report("E0106", `\`${callee}\` has no parameter named \`${n.name}\``, n.nameSpan, {
        label: "unknown parameter",
        notes: [`the signature is \`${sig}\``],
        ...helpOf(didYouMean(n.name, params.map((q) => q.name))),
      });
      ok = false;
      continue;
    }
    const first = boundBy.get(p.name);
    if (first !== undefined) {
      ctx.report("E0107", `argument \`${n.name}\` of \`${callee}\` is given twice`, n.nameSpan, {
        label: "given again here",
        labels: [{ span: first, message: "first given here" }],
      });
      ok = false;
      continue;
    }
    bound.set(p.name, n.value);
    boundBy.set(p.name, n.nameSpan);
  }
  if (!ok) return undefined;
  for (const p of params) {
    if (bound.has(p.name)) continue;
    if (p.default !== undefined) bound.set(p.name, { value: p.default, span: call.span });
    else if (p.optional !== true) {
      ctx.report("E0105", `missing argument \`${p.name}\` in the call of \`${callee}\``, call.span, {
        label: `\`${p.name}\` is required`,
        notes: [`the signature is \`${sig}\``],
      });
      ok = false;
    }
  }
  if (!ok) return undefined;
  for (const p of params) {
    const a = bound.get(p.name);
    if (a === undefined) continue;
    if (isPoisoned(a.value)) ok = false;
    else if (a.value.kind === "tuple" && p.kind !== "any") {
      reportTupleMisuse(ctx, a.value, a.span, `${KIND_TEXT[p.kind]} (argument \`${p.name}\` of \`${callee}\`)`);
      ok = false;
    } else if (!kindMatches(p.kind, a.value)) {
      ctx.report("E0203", `argument \`${p.name}\` of \`${callee}\` must be ${KIND_TEXT[p.kind]}, but this is ${describe(a.value)}`, a.span, {
        label: `expected ${KIND_TEXT[p.kind]}`,
      });
      ok = false;
    }
  }
  return ok ? bound : undefined;
}

/** `name` or `name = default` for constant defaults, as signatures print. */
function paramText(p: ParamSpec): string {
  const d = p.default;
  if (d === undefined) return p.name;
  const shown = d.kind === "number" ? String(d.value) : d.kind === "bool" ? String(d.value) : d.kind === "string" ? JSON.stringify(d.value) : undefined;
  return shown === undefined ? p.name : `${p.name} = ${shown}`;
}

function helpOf(h: string | undefined): { help?: string } {
  return h === undefined ? {} : { help: h };
}
