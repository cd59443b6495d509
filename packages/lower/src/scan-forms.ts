/**
 * What `scan` and `repeat` share: the call's arguments (the block named by the first argument, after
 * a piped value, is not an expression), the split of named arguments into the form's own and those
 * forwarded to the block, and the step count limit.
 */
import type { Span } from "@nnc/diagnostics";
import type { Step } from "@nnc/ir";
import type { BlockDecl, CallExpr, Expr } from "@nnc/syntax";
import type { CallArgs } from "./args.ts";
import { BUILTINS } from "./builtins/table.ts";
import type { LowerCtx } from "./context.ts";
import { lowerExpr } from "./expr.ts";
import type { Scope } from "./scope.ts";
import { didYouMean } from "./suggest.ts";
import type { Value } from "./values.ts";

/** Most applications one `scan` or `repeat` unrolls (E0334, E0338): each one inlines the block's body. */
export const MAX_STEPS = 4096;

export type NamedArgs = CallArgs["named"];

export interface FormArgs {
  readonly block: BlockDecl;
  /** The block's name in the call. */
  readonly blockSpan: Span;
  /** The form's own arguments: positional ones (a piped value first) and its named ones. */
  readonly own: CallArgs;
  /** Named arguments that are not the form's: passed to the block at every application. */
  readonly forwarded: NamedArgs;
}

/** An expression's value; a `(a, b)` tuple expression's elements are lowered one by one. */
export function lowerValue(scope: Scope, e: Expr): Value {
  if (e.kind === "Tuple") return { kind: "tuple", items: e.elements.map((x) => ({ value: lowerExpr(scope, x), span: x.span })) };
  return lowerExpr(scope, e);
}

function reportNotBlock(ctx: LowerCtx, form: string, span: Span, what: string): void {
  ctx.report("E0121", `the first argument of \`${form}\` must name a block, but ${what}`, span, {
    label: "not a block",
    help: form === "scan" ? "declare the step as a block and name it: `scan(cell, xs, init = h0, axis = 1)`" : "name a block: `y = x |> repeat(layer, times = 4)`",
  });
}

/** The block named by `e` (a name, not lowered); undefined after reporting E0120/E0121. */
function resolveBlock(scope: Scope, call: CallExpr, form: string, e: Expr | undefined): BlockDecl | undefined {
  const ctx = scope.ctx;
  if (e === undefined) {
    reportNotBlock(ctx, form, call.callee.span, "none is given");
    return undefined;
  }
  if (e.kind !== "Name") {
    reportNotBlock(ctx, form, e.span, "this is an expression");
    return undefined;
  }
  const decl = ctx.blockNamed(e.name);
  if (decl !== undefined) return decl;
  if (BUILTINS.has(e.name)) reportNotBlock(ctx, form, e.span, `\`${e.name}\` is a built-in function`);
  else if (scope.names().includes(e.name) || scope.dims.has(e.name)) reportNotBlock(ctx, form, e.span, `\`${e.name}\` is a value`);
  else {
    const near = didYouMean(e.name, ctx.blockNames());
    ctx.report("E0120", `\`${form}\` names no block \`${e.name}\``, e.span, {
      label: "no block of this name",
      help: near ?? `declare \`block ${e.name}(...) -> ... { ... }\``,
    });
  }
  return undefined;
}

/**
 * Lowers every argument of a `scan`/`repeat` call except the block name (so errors inside them are
 * reported even when the block is unknown), then resolves the block. undefined after reporting.
 */
export function formArgs(scope: Scope, call: CallExpr, form: string, ownNames: ReadonlySet<string>): FormArgs | undefined {
  const blockIndex = call.piped ? 1 : 0;
  const blockExpr = call.args[blockIndex];
  const positional = call.args.filter((_, i) => i !== blockIndex).map((e) => ({ value: lowerValue(scope, e), span: e.span }));
  const named = call.named.map((n) => ({ name: n.name.name, nameSpan: n.name.span, value: { value: lowerValue(scope, n.value), span: n.value.span } }));
  const block = resolveBlock(scope, call, form, blockExpr);
  if (block === undefined || blockExpr === undefined) return undefined;
  return {
    block,
    blockSpan: blockExpr.span,
    own: { positional, named: named.filter((n) => ownNames.has(n.name)) },
    forwarded: named.filter((n) => !ownNames.has(n.name)),
  };
}

/** Runs `f` with every node it adds annotated as application `index` of `count` in `group`. */
export function inStep<T>(ctx: LowerCtx, step: Step, f: () => T): T {
  return ctx.b.withProvenance({ step }, f);
}
