/**
 * The one late-bound edge of lowering. Expression lowering (expr.ts) reaches block inlining
 * (block-call.ts), which lowers the block's body with expression lowering again: a recursion, not a
 * layering. So that no module imports its own importer, block-call.ts registers itself here when it is
 * loaded (check-program.ts loads it, through block-generic.ts, before any model is lowered).
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { BlockDecl, CallExpr } from "@nnc/syntax";
import type { CallArgs } from "./args.ts";
import type { Scope } from "./scope.ts";
import type { Value } from "./values.ts";

/** Inlines `decl` at `call`; `bindName` is the binding the call is the whole value of. */
export type BlockLowerer = (scope: Scope, call: CallExpr, decl: BlockDecl, args: CallArgs, bindName?: string) => Value;

let registered: BlockLowerer | undefined;

export function registerBlockLowerer(f: BlockLowerer): void {
  registered = f;
}

export function lowerBlock(scope: Scope, call: CallExpr, decl: BlockDecl, args: CallArgs, bindName?: string): Value {
  if (registered === undefined) throw new InternalCompilerError("lower: block inlining is not loaded (block-call.ts registers it)");
  return registered(scope, call, decl, args, bindName);
}

/**
 * A call form whose arguments are not all expressions (`scan(lstm_cell, xs, …)`, `repeat(block, …)`: the
 * first argument names a block). It lowers the whole call itself; `bindName` as for blocks.
 */
export type SpecialForm = (scope: Scope, call: CallExpr, bindName?: string) => Value;

const specialForms = new Map<string, SpecialForm>();

/** Registers a special form under its callee name (scan.ts, repeat.ts register themselves when loaded). */
export function registerSpecialForm(name: string, f: SpecialForm): void {
  specialForms.set(name, f);
}

export function specialForm(name: string): SpecialForm | undefined {
  return specialForms.get(name);
}

/** The registered special forms' names (for "did you mean" on an unknown function). */
export function specialFormNames(): string[] {
  return [...specialForms.keys()];
}
