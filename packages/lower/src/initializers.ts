/**
 * `param W: T = he_uniform()`: the initializer call checked against the initializer table of @nnc/ops
 * (name with did-you-mean, arguments, the record's own check) and turned into the ParamInit the graph keeps.
 */
import { dimToString, shapeToString, type Dim, type ParamInit, type TensorType } from "@nnc/ir";
import { initializerOf, INITIALIZERS, type InitKind } from "@nnc/ops";
import type { ParamStmt } from "@nnc/syntax";
import { bindArgs, type ParamSpec } from "./args.ts";
import { evalArgs } from "./expr.ts";
import type { Scope } from "./scope.ts";
import { didYouMean } from "./suggest.ts";
import { asNumber, num, type Value } from "./values.ts";

function isInitKind(name: string): name is InitKind {
  return Object.hasOwn(INITIALIZERS, name);
}

/** The record's arguments as a call signature: numbers, and nested lists (`values`). */
function paramSpecs(kind: InitKind): ParamSpec[] {
  return INITIALIZERS[kind].args.map((a) => ({ name: a.name, kind: a.kind === "list" ? "any" : "number", ...(a.default === undefined ? {} : { default: num(a.default) }) }));
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

/** Rank ≥ 2 defaults to glorot_uniform, rank ≤ 1 to zeros. */
export function defaultInit(type: TensorType): ParamInit {
  return { kind: type.shape.length >= 2 ? "glorot_uniform" : "zeros" };
}

/** The ParamInit of `stmt` for a parameter of `type`; undefined after reporting a problem. */
export function lowerInit(scope: Scope, stmt: ParamStmt, type: TensorType): ParamInit | undefined {
  const call = stmt.init;
  if (call === null) return defaultInit(type);
  const name = call.callee.name;
  const args = evalArgs(scope, call);
  if (!isInitKind(name)) {
    const near = didYouMean(name, Object.keys(INITIALIZERS));
    scope.ctx.report("E0104", `unknown initializer \`${name}\``, call.callee.span, {
      label: "not an initializer",
      notes: [`initializers are ${Object.keys(INITIALIZERS).join(", ")}`],
      ...(near === undefined ? {} : { help: near }),
    });
    return undefined;
  }
  const bound = bindArgs(scope.ctx, name, paramSpecs(name), call, args);
  if (bound === undefined) return undefined;
  const values: Record<string, number | readonly number[]> = {};
  for (const a of INITIALIZERS[name].args) {
    const v = bound.get(a.name);
    if (v === undefined) continue;
    if (a.kind === "number") {
      values[a.name] = asNumber(v.value) ?? 0;
      continue;
    }
    const flat = flatten(v.value, type.shape, "");
    if (typeof flat === "string") {
      scope.ctx.report("E0313", `\`${name}\` does not match the parameter's shape ${shapeToString(type.shape)}: ${flat}`, v.span, { label: "wrong nesting or length" });
      return undefined;
    }
    values[a.name] = flat;
  }
  const init = INITIALIZERS[name].make(values);
  const problem = initializerOf(init).validate?.(init);
  if (problem === undefined) return init;
  scope.ctx.report("E0206", problem.message, bound.get(problem.arg)?.span ?? call.span, { label: "not valid" });
  return undefined;
}
