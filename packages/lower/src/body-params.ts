/** `param` statements of a body: the `param` source node, its initializer, and scan's shared params. */
import { dimSymbols, isConcrete, isFloat, typeToString } from "@nnc/ir";
import type { ParamStmt } from "@nnc/syntax";
import { defaultInit, lowerInit } from "./initializers.ts";
import { resolveType } from "./resolve-type.ts";
import type { Scope } from "./scope.ts";
import { POISON, type TensorValue, type Value } from "./values.ts";

/** Creates the `param` node of `stmt` (named prefix + name) with its initializer. */
export function lowerParam(scope: Scope & { readonly paramPrefix: string }, stmt: ParamStmt): Value {
  const ctx = scope.ctx;
  const type = resolveType(ctx, stmt.type, scope.dims);
  if (type === undefined) return POISON;
  const symbolic = type.shape.findIndex((d) => !isConcrete(d));
  if (symbolic >= 0) {
    const d = type.shape[symbolic]!;
    ctx.report("E0310", `parameter \`${stmt.name.name}\` has the symbolic dimension ${dimSymbols(d).join(", ")} in its type ${typeToString(type)}`, stmt.type.dims[symbolic]?.span ?? stmt.type.span, {
      label: "a parameter cannot have the batch dim",
      notes: ["a parameter's size is fixed when it is created; symbolic dims like the batch size belong to inputs"],
      help: "use whole numbers for every dimension of a parameter",
    });
    return POISON;
  }
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
