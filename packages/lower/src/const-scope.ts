/** A scope with no values, only the declared dims: for defaults and train settings (constants only). */
import type { Dim } from "@nnc/ir";
import type { LowerCtx } from "./context.ts";
import { symbolEnv } from "./resolve-type.ts";
import type { Scope } from "./scope.ts";
import type { Value } from "./values.ts";

export class ConstScope implements Scope {
  readonly prefix = "";
  readonly dims: ReadonlyMap<string, Dim>;

  constructor(readonly ctx: LowerCtx) {
    this.dims = symbolEnv(ctx.prog.dims.keys());
  }

  lookup(): Value | undefined {
    return undefined;
  }

  names(): string[] {
    return [];
  }
}
