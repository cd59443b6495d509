import type { Span } from "@nnc/diagnostics";
import type { CallExpr } from "@nnc/syntax";
import type { ParamSpec } from "../args.ts";
import type { LowerCtx } from "../context.ts";
import type { Scope } from "../scope.ts";
import type { Value } from "../values.ts";
import type { Args } from "./args-view.ts";

/** What a built-in's lowering function sees: its checked arguments and where it was called. */
export interface CallCtx {
  readonly ctx: LowerCtx;
  readonly scope: Scope;
  readonly call: CallExpr;
  readonly args: Args;
  readonly span: Span;
}

/** One built-in function: its signature (names, kinds, defaults) and how it lowers to ops. */
export interface BuiltinDef {
  readonly name: string;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  readonly lower: (c: CallCtx) => Value;
}
