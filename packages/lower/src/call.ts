/** Calls: arguments are always lowered (so errors inside them are reported), then dispatched. */
import type { CallExpr } from "@nnc/syntax";
import { bindArgs, type CallArgs } from "./args.ts";
import { lowerBlockCall } from "./block-call.ts";
import { Args } from "./builtins/args-view.ts";
import { BUILTINS } from "./builtins/table.ts";
import { lowerExpr } from "./expr.ts";
import { INITIALIZERS } from "./initializers.ts";
import type { Scope } from "./scope.ts";
import { unknownFunctionHelp } from "./suggest.ts";
import { POISON, type Value } from "./values.ts";

export function evalArgs(scope: Scope, call: CallExpr): CallArgs {
  return {
    positional: call.args.map((a) => ({ value: lowerExpr(scope, a), span: a.span })),
    named: call.named.map((n) => ({ name: n.name.name, nameSpan: n.name.span, value: { value: lowerExpr(scope, n.value), span: n.value.span } })),
  };
}

export function lowerCall(scope: Scope, call: CallExpr, bindName?: string): Value {
  const ctx = scope.ctx;
  const name = call.callee.name;
  const block = ctx.prog.blocks.get(name);
  const builtin = BUILTINS.get(name);
  const args = evalArgs(scope, call);
  if (block !== undefined) return lowerBlockCall(scope, call, block, args, bindName);
  if (builtin !== undefined) {
    const bound = bindArgs(ctx, name, builtin.params, call, args);
    if (bound === undefined) return POISON;
    return builtin.lower({ ctx, scope, call, args: new Args(bound), span: call.span });
  }
  if (INITIALIZERS.has(name)) {
    ctx.report("E0104", `\`${name}\` is an initializer, not a function`, call.callee.span, {
      label: "only allowed after `param NAME: T =`",
      help: `write \`param NAME: T = ${name}(...)\` to create an initialized parameter`,
    });
    return POISON;
  }
  const near = unknownFunctionHelp(name, [...BUILTINS.keys(), ...ctx.prog.blocks.keys()]);
  ctx.report("E0104", `unknown function \`${name}\``, call.callee.span, {
    label: "not a built-in function or a block",
    ...(near === undefined ? {} : { help: near }),
  });
  return POISON;
}
