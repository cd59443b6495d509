/** What expression lowering needs from the body it is in (a model, a block call, a train section). */
import type { Span } from "@nnc/diagnostics";
import type { Dim } from "@nnc/ir";
import type { LowerCtx } from "./context.ts";
import type { Value } from "./values.ts";

export interface Scope {
  readonly ctx: LowerCtx;
  /** Prefix of node names created here: "" in a model, "h1." in the block call bound to `h1`. */
  readonly prefix: string;
  /** Prefix of the params declared here when it differs from `prefix` (a `scan` step); parameter paths resolve under it. */
  readonly paramPrefix?: string;
  /** Dim names in scope (declared dims, and a block's unified and `dim` parameters). */
  readonly dims: ReadonlyMap<string, Dim>;
  /** The value of a name defined in this body (lowering a binding on first use); undefined if none. */
  lookup(name: string, span: Span): Value | undefined;
  /** Every name defined in this body, for suggestions. */
  names(): string[];
}
