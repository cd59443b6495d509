/** The constant settings of a train section: optimizer, batch, epochs, seed (data: data-setting.ts). */
import type { Expr } from "@nnc/syntax";
import type { OptimizerSpec } from "./api.ts";
import { bindArgs, type ParamSpec } from "./args.ts";
import { evalArgs } from "./call.ts";
import { ConstScope } from "./const-scope.ts";
import type { LowerCtx } from "./context.ts";
import { lowerExpr } from "./expr.ts";
import { didYouMean } from "./suggest.ts";
import { asNumber, describe, num } from "./values.ts";

type OptKind = OptimizerSpec["kind"];

const ADAM: readonly ParamSpec[] = [
  { name: "lr", kind: "number", default: num(0.001) },
  { name: "beta1", kind: "number", default: num(0.9) },
  { name: "beta2", kind: "number", default: num(0.999) },
  { name: "eps", kind: "number", default: num(1e-8) },
];

/** Signatures and defaults; adamw's weight decay defaults to 0.01 (as in PyTorch). */
const OPTIMIZERS: Readonly<Record<OptKind, readonly ParamSpec[]>> = {
  sgd: [
    { name: "lr", kind: "number" },
    { name: "momentum", kind: "number", default: num(0) },
    { name: "weight_decay", kind: "number", default: num(0) },
  ],
  adam: [...ADAM, { name: "weight_decay", kind: "number", default: num(0) }],
  adamw: [...ADAM, { name: "weight_decay", kind: "number", default: num(0.01) }],
};

/** Valid ranges of hyperparameters: [test, description]. */
const RANGES: Readonly<Record<string, [(v: number) => boolean, string]>> = {
  lr: [(v) => v > 0, "greater than 0"],
  momentum: [(v) => v >= 0 && v < 1, "in [0, 1)"],
  beta1: [(v) => v >= 0 && v < 1, "in [0, 1)"],
  beta2: [(v) => v >= 0 && v < 1, "in [0, 1)"],
  eps: [(v) => v > 0, "greater than 0"],
  weight_decay: [(v) => v >= 0, "at least 0"],
};

function isOptKind(s: string): s is OptKind {
  return Object.hasOwn(OPTIMIZERS, s);
}

export function parseOptimizer(ctx: LowerCtx, e: Expr): OptimizerSpec | undefined {
  if (e.kind === "Name" && isOptKind(e.name)) {
    ctx.report("E0406", `\`${e.name}\` is an optimizer: call it`, e.span, {
      label: "not an optimizer call",
      help: e.name === "sgd" ? "write `sgd(lr = 0.1)`: sgd needs a learning rate" : `write \`${e.name}()\` (or set its hyperparameters: \`${e.name}(lr = 0.01)\`)`,
    });
    return undefined;
  }
  if (e.kind !== "Call" || !isOptKind(e.callee.name)) {
    const name = e.kind === "Call" ? e.callee.name : e.kind === "Name" ? e.name : undefined;
    const near = name === undefined ? undefined : didYouMean(name, Object.keys(OPTIMIZERS));
    ctx.report("E0406", name === undefined ? "the optimizer must be a call such as `adam(lr = 0.001)`" : `unknown optimizer \`${name}\``, e.kind === "Call" ? e.callee.span : e.span, {
      label: "not an optimizer",
      notes: ["optimizers are sgd(lr, momentum = 0, weight_decay = 0), adam(lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0) and adamw(…, weight_decay = 0.01)"],
      ...(near === undefined ? {} : { help: near }),
    });
    return undefined;
  }
  const kind = e.callee.name;
  const bound = bindArgs(ctx, kind, OPTIMIZERS[kind], e, evalArgs(new ConstScope(ctx), e));
  if (bound === undefined) return undefined;
  const v: Record<string, number> = {};
  for (const [k, a] of bound) {
    const n = asNumber(a.value) ?? 0;
    const range = RANGES[k];
    if (range !== undefined && !range[0](n)) {
      ctx.report("E0406", `\`${k}\` of \`${kind}\` must be ${range[1]}, got ${n}`, a.span, { label: "out of range" });
      return undefined;
    }
    v[k] = n;
  }
  return { kind, lr: v.lr ?? 0, momentum: v.momentum ?? 0, beta1: v.beta1 ?? 0.9, beta2: v.beta2 ?? 0.999, eps: v.eps ?? 1e-8, weightDecay: v.weight_decay ?? 0, span: e.span };
}

/**
 * Upper bounds, as the runtime's MAX_EPOCHS and MAX_SEED: a batch no typed array could hold (memory
 * refuses far smaller ones: E0667), epochs far beyond any real run, and seeds
 * 32-bit because the RNG takes `seed >>> 0` (a larger seed would silently repeat a smaller one's run).
 */
const COUNT_MAX: Readonly<Record<string, number>> = { batch: 2 ** 31 - 1, epochs: 1_000_000, seed: 4_294_967_295 };

/** `batch` (1 to 2^31 − 1), `epochs` (1 to 1,000,000) and `seed` (0 to 2^32 − 1): whole-number constants. */
export function parseCount(ctx: LowerCtx, key: string, e: Expr): number | undefined {
  const v = lowerExpr(new ConstScope(ctx), e);
  if (v.kind === "poison") return undefined;
  const n = asNumber(v);
  const min = key === "seed" ? 0 : 1;
  const max = Object.hasOwn(COUNT_MAX, key) ? COUNT_MAX[key] : undefined;
  if (n !== undefined && Number.isInteger(n) && n >= min && (max === undefined || n <= max)) return n;
  const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
  ctx.report("E0407", `\`${key}\` must be a whole number ${range}, but this is ${describe(v)}`, e.span, { label: `expected a whole number ${range}` });
  return undefined;
}
