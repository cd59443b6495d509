/** `param` statements of a body: the `param` source node, its initializer, and scan's shared params. */
import { dimSymbols, isConcrete, isFloat, typeToString, type TensorType } from "@nnc/ir";
import type { BufferStmt, ParamStmt } from "@nnc/syntax";
import { defaultInit, lowerInit } from "./initializers.ts";
import { resolveType } from "./resolve-type.ts";
import type { Scope } from "./scope.ts";
import { POISON, type TensorValue, type Value } from "./values.ts";

/** How a state declaration (`param`, `buffer`) words the E0310/E0340 report of a symbolic dim. */
export interface FixedSizeRule {
  readonly code: "E0310" | "E0340";
  readonly what: "parameter" | "buffer";
  readonly note: string;
  readonly help: string;
}

const PARAM_RULE: FixedSizeRule = {
  code: "E0310",
  what: "parameter",
  note: "a parameter's size is fixed when it is created; symbolic dims like the batch size belong to inputs",
  help: "use whole numbers for every dimension of a parameter",
};

/**
 * The declared type of a `param` or `buffer`, which must have a fixed size (both are created once, and saved in
 * checkpoints); undefined after reporting.
 */
export function fixedStateType(scope: Scope, stmt: ParamStmt | BufferStmt, rule: FixedSizeRule): TensorType | undefined {
  const ctx = scope.ctx;
  const type = resolveType(ctx, stmt.type, scope.dims);
  if (type === undefined) return undefined;
  const symbolic = type.shape.findIndex((d) => !isConcrete(d));
  if (symbolic < 0) return type;
  const d = type.shape[symbolic]!;
  ctx.report(rule.code, `${rule.what} \`${stmt.name.name}\` has the symbolic dimension ${dimSymbols(d).join(", ")} in its type ${typeToString(type)}`, stmt.type.dims[symbolic]?.span ?? stmt.type.span, {
    label: `a ${rule.what} cannot have the batch dim`,
    notes: [rule.note],
    help: rule.help,
  });
  return undefined;
}

/** Creates the `param` node of `stmt` (named prefix + name) with its initializer. */
export function lowerParam(scope: Scope & { readonly paramPrefix: string }, stmt: ParamStmt): Value {
  const ctx = scope.ctx;
  const type = fixedStateType(scope, stmt, PARAM_RULE);
  if (type === undefined) return POISON;
  if (!isFloat(type.dtype)) {
    ctx.report("E0409", `parameter \`${stmt.name.name}\` is ${typeToString(type)}, but parameters are trained by their gradients and must be f32 or f64`, stmt.type.dtype.span, {
      label: `${type.dtype} cannot be trained`,
      help: `declare it \`f32\`; integer data (labels, indices) is an input, not a parameter`,
    });
    return POISON;
  }
  const full = scope.paramPrefix + stmt.name.name;
  const shared = ctx.reuseParams?.get(full);
  if (shared !== undefined) return shared;
  const init = lowerInit(scope, stmt, type) ?? defaultInit(type);
  // A param shared by the steps of a `scan` (reuseParams set) belongs to no single step: no step provenance.
  const make = (): TensorValue => ctx.source("param", { dtype: type.dtype, shape: type.shape }, type, stmt.span, full);
  const v = ctx.reuseParams === null ? make() : ctx.b.withProvenance({}, make);
  ctx.b.setInit(v.id, init);
  ctx.reuseParams?.set(full, v);
  return v;
}
