/**
 * The optimizers as ONNX nodes, each exactly its record's `reference` in packages/ops/src/train/
 * (optimizers-sgd.ts, optimizers-adam.ts); `satisfies Record<OptimizerKind, …>` so a new kind without
 * an ONNX rule fails to typecheck. t is 1-based; weight decay only where `p.decay` (rank ≥ 2 or
 * decay_all, and weight_decay ≠ 0).
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { OptimizerKind } from "@nnc/runtime/core";
import type { OnnxOptimizerRule, OnnxParamResult, OnnxParamUpdate, OnnxStepContext } from "./rules.ts";

const mul = (c: OnnxStepContext, a: string, b: string): string => c.e.op("Mul", [a, b]);
const add = (c: OnnxStepContext, a: string, b: string): string => c.e.op("Add", [a, b]);
const sub = (c: OnnxStepContext, a: string, b: string): string => c.e.op("Sub", [a, b]);
const div = (c: OnnxStepContext, a: string, b: string): string => c.e.op("Div", [a, b]);

/** β·s + (1−β)·x, with 1−β computed in float64 as the generated code does. */
const ema = (c: OnnxStepContext, beta: number, s: string, x: string): string => add(c, mul(c, c.k(beta), s), mul(c, c.k(1 - beta), x));

const result = (w: string, state: Readonly<Record<string, string>>): OnnxParamResult => ({ w, state });

/** The state array `name` of a parameter (the record declared it, so a missing one is a bug). */
function state(p: OnnxParamUpdate, name: string): string {
  const s = Object.hasOwn(p.state, name) ? p.state[name] : undefined;
  if (s === undefined) throw new InternalCompilerError(`optimizer state \`${name}\` is missing`);
  return s;
}

/** g + wd·w (coupled L2) where decay applies. */
const l2 = (c: OnnxStepContext, p: OnnxParamUpdate): string => (p.decay ? add(c, p.g, mul(c, c.k(c.num("weight_decay")), p.w)) : p.g);

/** w·(1 − lr·wd) (decoupled decay) where decay applies; the factor is shared (`decoupled`). */
const shrink = (c: OnnxStepContext, p: OnnxParamUpdate, s: Readonly<Record<string, string>>): string => (p.decay ? mul(c, p.w, shared(s, "shrink")) : p.w);

/** The decoupled decay factor 1 − lr·wd once per step, in double (as the generated code computes it). */
const decoupled = (c: OnnxStepContext): Record<string, string> => ({ shrink: c.toFloat(c.e.op("Sub", [c.d(1), c.e.op("Mul", [c.lr, c.d(c.num("weight_decay"))])])) });

/** lr as float, shared by every parameter. */
const lrOnly = (c: OnnxStepContext): Record<string, string> => ({ lr: c.toFloat(c.lr) });

function shared(s: Readonly<Record<string, string>>, name: string): string {
  const v = s[name];
  if (v === undefined) throw new InternalCompilerError(`shared optimizer scalar \`${name}\` is missing`);
  return v;
}

/**
 * Adam's bias corrections once per step, in double: stepSize = lr/(1−β₁ᵗ), bc2Sqrt = √(1−β₂ᵗ).
 */
function adamPrepare(c: OnnxStepContext): Record<string, string> {
  const { e } = c;
  const stepSize = e.op("Div", [c.lr, e.op("Sub", [c.d(1), e.op("Pow", [c.d(c.num("beta1")), c.t])])]);
  const bc2Sqrt = e.op("Sqrt", [e.op("Sub", [c.d(1), e.op("Pow", [c.d(c.num("beta2")), c.t])])]);
  return { lr: c.toFloat(c.lr), stepSize: c.toFloat(stepSize), bc2Sqrt: c.toFloat(bc2Sqrt) };
}

/** m = β₁m + (1−β₁)d; v = β₂v + (1−β₂)d²; w −= stepSize·m/(√v/bc2Sqrt + ε). */
function adamUpdate(c: OnnxStepContext, p: OnnxParamUpdate, s: Readonly<Record<string, string>>, w: string, d: string): OnnxParamResult {
  const m = ema(c, c.num("beta1"), state(p, "m"), d);
  const b2 = c.num("beta2");
  const v = add(c, mul(c, c.k(b2), state(p, "v")), mul(c, mul(c, c.k(1 - b2), d), d));
  const denom = add(c, div(c, c.e.op("Sqrt", [v]), shared(s, "bc2Sqrt")), c.k(c.num("eps")));
  return { w: sub(c, w, mul(c, shared(s, "stepSize"), div(c, m, denom))), state: { m, v } };
}

export const ONNX_OPTIMIZERS = {
  sgd: {
    prepare: lrOnly,
    // b starts at 0, so μ·b + d is d on the first step (PyTorch's buffer = clone(d), dampening 0).
    update: (c, p, s) => {
      const d = l2(c, p);
      const lr = shared(s, "lr");
      const mu = c.num("momentum");
      if (mu === 0) return result(sub(c, p.w, mul(c, lr, d)), {});
      const b = add(c, mul(c, c.k(mu), state(p, "momentum")), d);
      const step = c.bool("nesterov") ? add(c, d, mul(c, c.k(mu), b)) : b;
      return { w: sub(c, p.w, mul(c, lr, step)), state: { momentum: b } };
    },
  },
  adam: { prepare: adamPrepare, update: (c, p, s) => adamUpdate(c, p, s, p.w, l2(c, p)) },
  adamw: { prepare: (c) => ({ ...adamPrepare(c), ...decoupled(c) }), update: (c, p, s) => adamUpdate(c, p, s, shrink(c, p, s), p.g) },
  rmsprop: {
    prepare: lrOnly,
    // v = ρv + (1−ρ)g²; scaled = g/(√v + ε); w −= lr·scaled, or b = μb + scaled, w −= lr·b.
    update: (c, p, s) => {
      const rho = c.num("rho");
      const v = add(c, mul(c, c.k(rho), state(p, "square_avg")), mul(c, mul(c, c.k(1 - rho), p.g), p.g));
      const scaled = div(c, p.g, add(c, c.e.op("Sqrt", [v]), c.k(c.num("eps"))));
      const lr = shared(s, "lr");
      const mu = c.num("momentum");
      if (mu === 0) return result(sub(c, p.w, mul(c, lr, scaled)), { square_avg: v });
      const b = add(c, mul(c, c.k(mu), state(p, "momentum")), scaled);
      return { w: sub(c, p.w, mul(c, lr, b)), state: { square_avg: v, momentum: b } };
    },
  },
  adagrad: {
    prepare: lrOnly,
    // sum += g²; w −= lr·g/(√sum + ε).
    update: (c, p, s) => {
      const sum = add(c, state(p, "sum"), mul(c, p.g, p.g));
      const step = div(c, p.g, add(c, c.e.op("Sqrt", [sum]), c.k(c.num("eps"))));
      return { w: sub(c, p.w, mul(c, shared(s, "lr"), step)), state: { sum } };
    },
  },
  lion: {
    prepare: (c) => ({ ...lrOnly(c), ...decoupled(c) }),
    // c = β₁m + (1−β₁)g; w = w·(1 − lr·wd) − lr·sign(c); m = β₂m + (1−β₂)g.
    update: (c, p, s) => {
      const lr = shared(s, "lr");
      const dir = ema(c, c.num("beta1"), state(p, "m"), p.g);
      const w = sub(c, shrink(c, p, s), mul(c, lr, c.e.op("Sign", [dir])));
      return { w, state: { m: ema(c, c.num("beta2"), state(p, "m"), p.g) } };
    },
  },
} as const satisfies Record<OptimizerKind, OnnxOptimizerRule>;
