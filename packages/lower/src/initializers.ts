/** The table of parameter initializers (`= he_uniform()`, `= values([[1, 2], [3, 4]])`). */
import { dimToString, shapeToString, type Dim, type ParamInit, type TensorType } from "@nnc/ir";
import type { ParamStmt } from "@nnc/syntax";
import { bindArgs, type ParamSpec } from "./args.ts";
import { Args } from "./builtins/args-view.ts";
import { evalArgs } from "./call.ts";
import type { LowerCtx } from "./context.ts";
import type { Scope } from "./scope.ts";
import { didYouMean } from "./suggest.ts";
import { asNumber, num, type Value } from "./values.ts";

interface InitDef {
  readonly params: readonly ParamSpec[];
  readonly build: (a: Args, type: TensorType, ctx: LowerCtx) => ParamInit | undefined;
}

function fixed(kind: "zeros" | "ones" | "glorot_uniform" | "glorot_normal" | "he_uniform" | "he_normal"): InitDef {
  return { params: [], build: () => ({ kind }) };
}

/** Row-major elements of a nested list whose nesting matches `shape`, or a description of the mismatch. */
function flatten(v: Value, shape: readonly Dim[], path: string): number[] | string {
  const [d, ...rest] = shape;
  if (d === undefined) {
    const n = asNumber(v);
    return n === undefined ? `element ${path || "[]"} is not a number` : [n];
  }
  if (v.kind !== "list") return `expected a list of ${dimToString(d)} at ${path || "the top level"}`;
  if (v.items.length !== d) return `expected ${dimToString(d)} elements at ${path || "the top level"}, found ${v.items.length}`;
  const out: number[] = [];
  for (const [i, item] of v.items.entries()) {
    const sub = flatten(item.value, rest, `${path}[${i}]`);
    if (typeof sub === "string") return sub;
    out.push(...sub);
  }
  return out;
}

export const INITIALIZERS: ReadonlyMap<string, InitDef> = new Map<string, InitDef>([
  ["zeros", fixed("zeros")],
  ["ones", fixed("ones")],
  ["glorot_uniform", fixed("glorot_uniform")],
  ["glorot_normal", fixed("glorot_normal")],
  ["he_uniform", fixed("he_uniform")],
  ["he_normal", fixed("he_normal")],
  ["constant", { params: [{ name: "value", kind: "number" }], build: (a) => ({ kind: "constant", value: a.number("value") }) }],
  [
    "normal",
    {
      params: [
        { name: "mean", kind: "number", default: num(0) },
        { name: "std", kind: "number", default: num(1) },
      ],
      build: (a, _t, ctx) => {
        const std = a.number("std");
        if (std >= 0) return { kind: "normal", mean: a.number("mean"), std };
        ctx.report("E0206", `the standard deviation must not be negative, got ${std}`, a.span("std"), { label: "negative" });
        return undefined;
      },
    },
  ],
  [
    "uniform",
    {
      params: [
        { name: "low", kind: "number" },
        { name: "high", kind: "number" },
      ],
      build: (a, _t, ctx) => {
        const low = a.number("low");
        const high = a.number("high");
        if (low < high) return { kind: "uniform", low, high };
        ctx.report("E0206", `\`uniform\` needs low < high, got low = ${low} and high = ${high}`, a.span("high"), { label: "not above `low`" });
        return undefined;
      },
    },
  ],
  [
    "values",
    {
      params: [{ name: "values", kind: "any" }],
      build: (a, t, ctx) => {
        const flat = flatten(a.value("values"), t.shape, "");
        if (typeof flat !== "string") return { kind: "values", values: flat };
        ctx.report("E0313", `\`values\` does not match the parameter's shape ${shapeToString(t.shape)}: ${flat}`, a.span("values"), { label: "wrong nesting or length" });
        return undefined;
      },
    },
  ],
]);

/** Rank ≥ 2 defaults to glorot_uniform, rank ≤ 1 to zeros. */
export function defaultInit(type: TensorType): ParamInit {
  return { kind: type.shape.length >= 2 ? "glorot_uniform" : "zeros" };
}

/** The ParamInit of `stmt` for a parameter of `type`; undefined after reporting a problem. */
export function lowerInit(scope: Scope, stmt: ParamStmt, type: TensorType): ParamInit | undefined {
  const call = stmt.init;
  if (call === null) return defaultInit(type);
  const name = call.callee.name;
  const def = INITIALIZERS.get(name);
  const args = evalArgs(scope, call);
  if (def === undefined) {
    const near = didYouMean(name, INITIALIZERS.keys());
    scope.ctx.report("E0104", `unknown initializer \`${name}\``, call.callee.span, {
      label: "not an initializer",
      notes: [`initializers are ${[...INITIALIZERS.keys()].join(", ")}`],
      ...(near === undefined ? {} : { help: near }),
    });
    return undefined;
  }
  const bound = bindArgs(scope.ctx, name, def.params, call, args);
  if (bound === undefined) return undefined;
  return def.build(new Args(bound), type, scope.ctx);
}
