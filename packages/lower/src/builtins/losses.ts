/**
 * Per-example losses, composites of primitive ops (their gradients are the primitives' VJPs). Like
 * `cross_entropy` they return one value per example: the operands broadcast like `+`, then the LAST
 * axis is reduced (a scalar pair is not reduced). For d = a − b:
 *   mse(a, b)          = mean(d²)
 *   huber(a, b, δ)     = mean(|d| ≤ δ ? d²/2 : δ·(|d| − δ/2))           (PyTorch HuberLoss, delta = δ)
 *   bce(p, t)          = mean(−(t·max(log p, −100) + (1 − t)·max(log(1 − p), −100)))   (PyTorch BCELoss)
 *   kl_div(logp, q)    = Σ q·(log q − logp), a term with q = 0 being 0      (PyTorch kl_div, log_target = False)
 */
import { isFloat, typeToString } from "@nnc/ir";
import { alignOperands } from "../broadcast.ts";
import { num, POISON, type TensorValue, type Value } from "../values.ts";
import { Compose } from "./compose.ts";
import type { ParamSpec } from "../args.ts";
import type { BuiltinDef, CallCtx } from "./types.ts";

/** The two operands aligned to one float dtype and one broadcast shape; undefined after a report. */
function floatPair(c: CallCtx, a: string, b: string): [TensorValue, TensorValue] | undefined {
  const fn = c.call.callee.name;
  const ops = alignOperands(c.ctx, [c.args.get(a), c.args.get(b)], c.span, { what: `\`${fn}\`` });
  if (ops === undefined) return undefined;
  const [x, y] = ops as [TensorValue, TensorValue];
  if (isFloat(x.type.dtype)) return [x, y];
  c.ctx.report("E0201", `\`${fn}\` needs floating-point operands, but they are ${typeToString(x.type)}`, c.span, {
    labels: [{ span: c.args.span(a), message: `this is ${x.type.dtype}` }],
    help: "convert integer or bool data first with `float(…)`",
  });
  return undefined;
}

type Build = (f: Compose, x: TensorValue, y: TensorValue, c: CallCtx) => TensorValue | undefined;

function loss(name: string, summary: string, [a, b]: readonly [string, string], build: Build, extra: readonly ParamSpec[] = []): BuiltinDef {
  return {
    name,
    summary,
    params: [
      { name: a, kind: "operand" },
      { name: b, kind: "operand" },
      ...extra,
    ],
    lower: (c): Value => {
      const pair = floatPair(c, a, b);
      return pair === undefined ? POISON : (build(new Compose(c), pair[0], pair[1], c) ?? POISON);
    },
  };
}

function huber(f: Compose, a: TensorValue, b: TensorValue, c: CallCtx): TensorValue | undefined {
  const delta = c.args.number("delta");
  if (!(delta > 0 && Number.isFinite(delta))) {
    c.ctx.report("E0206", `the \`delta\` of \`huber\` must be a positive number, got ${delta}`, c.args.span("delta"), { label: "out of range" });
    return undefined;
  }
  const d = f.sub(a, b);
  const ad = f.op("abs", [d]);
  const quad = f.scale(f.mul(d, d), 0.5);
  const lin = f.scale(f.sub(ad, f.k(0.5 * delta, ad)), delta);
  return f.lastAxis("reduce_mean", f.op("where", [f.op("le", [ad, f.k(delta, ad)]), quad, lin]));
}

function bce(f: Compose, p: TensorValue, t: TensorValue): TensorValue {
  // max(log x, −100), with log never applied to 0: where x = 0 (a saturated sigmoid in f32 gives p = 1
  // exactly) the value is −100 and every gradient through it is 0, never 0·∞ = NaN.
  const clampedLog = (x: TensorValue): TensorValue => {
    const positive = f.op("gt", [x, f.k(0, x)]);
    const log = f.op("log", [f.op("where", [positive, x, f.k(1, x)])]);
    return f.op("where", [positive, f.op("maximum", [log, f.k(-100, x)]), f.k(-100, x)]);
  };
  const one = f.k(1, p);
  // (t − 1)·log(1 − p) − t·log p, the order of PyTorch's kernel
  const elt = f.sub(f.mul(f.sub(t, one), clampedLog(f.sub(one, p))), f.mul(t, clampedLog(p)));
  return f.lastAxis("reduce_mean", elt);
}

function klDiv(f: Compose, logp: TensorValue, q: TensorValue): TensorValue {
  // log of q where q > 0 and of 1 elsewhere: a q = 0 term is 0·(0 − logp) = 0 and its gradients stay finite.
  const safe = f.op("where", [f.op("gt", [q, f.k(0, q)]), q, f.k(1, q)]);
  return f.lastAxis("reduce_sum", f.mul(q, f.sub(f.op("log", [safe]), logp)));
}

export const LOSS_BUILTINS: readonly BuiltinDef[] = [
  loss("mse", "per-example mean squared error over the last axis: mean((a − b)²)", ["a", "b"], (f, a, b) => {
    const d = f.sub(a, b);
    return f.lastAxis("reduce_mean", f.mul(d, d));
  }),
  loss("huber", "per-example Huber loss over the last axis: d²/2 for |d| ≤ delta, delta·(|d| − delta/2) beyond", ["a", "b"], huber, [{ name: "delta", kind: "number", default: num(1) }]),
  loss("bce", "per-example binary cross-entropy of probabilities p and targets t over the last axis (logs clamped at −100)", ["p", "t"], bce),
  loss("kl_div", "per-example KL divergence Σ q·(log q − logp) over the last axis, from log-probabilities logp and probabilities q", ["logp", "q"], klDiv),
];
