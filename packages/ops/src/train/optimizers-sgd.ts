/**
 * sgd, rmsprop and adagrad, as torch.optim computes them (t is the 1-based step, g the gradient):
 *   sgd      d = g + wd·w (L2, decayed params only); with momentum μ: b = μ·b + d (b = d at t = 1,
 *            dampening 0), d = d + μ·b (nesterov) or d = b; w −= lr·d
 *   rmsprop  v = ρ·v + (1−ρ)·g²; with momentum μ: b = μ·b + g/(√v + ε), w −= lr·b; else w −= lr·g/(√v + ε)
 *   adagrad  s = s + g²; w −= lr·g/(√s + ε)
 */
import { boolArg, decayArg, epsArg, lrArg, momentumArg, numArg, UNIT_OPEN } from "./arg-def.ts";
import { stateArray, type OptimizerDef } from "./optimizer-def.ts";

export const SGD: OptimizerDef = {
  kind: "sgd",
  label: "SGD",
  doc: "Stochastic gradient descent as torch.optim.SGD (dampening 0): d = g + weight_decay·w; with momentum μ, b = μ·b + d (b = d on the first step) and d = b, or d = d + μ·b with nesterov; then w −= lr·d.",
  example: "sgd(lr = 0.1, momentum = 0.9)",
  args: [
    lrArg(undefined),
    momentumArg("the momentum factor μ (0: plain SGD)"),
    { name: "nesterov", kind: "bool", doc: "Nesterov momentum (needs momentum > 0)", default: false },
    decayArg(0, "L2 penalty added to the gradient: g + weight_decay·w"),
  ],
  positional: ["lr"],
  validate: (a) => (boolArg(a, "nesterov") && numArg(a, "momentum") === 0 ? { arg: "nesterov", message: "nesterov momentum needs `momentum` > 0" } : undefined),
  state: (a) => (numArg(a, "momentum") === 0 ? [] : ["momentum"]),
  counter: false,
  decays: true,
  reference: (h, w, g, s) => {
    const wd = h.decay ? numArg(h.args, "weight_decay") : 0;
    const mu = numArg(h.args, "momentum");
    const nesterov = boolArg(h.args, "nesterov");
    const b = mu === 0 ? undefined : stateArray(s, "momentum");
    for (let i = 0; i < w.length; i++) {
      let d = wd === 0 ? g[i]! : g[i]! + wd * w[i]!;
      if (b !== undefined) {
        b[i] = h.t === 1 ? d : mu * b[i]! + d;
        d = nesterov ? d + mu * b[i]! : b[i]!;
      }
      w[i] = w[i]! - h.lr * d;
    }
  },
  emit: {
    element: (c) => {
      const lines: string[] = [];
      let d = c.g;
      if (c.decay && c.value("weight_decay") !== 0) {
        lines.push(`const _d = ${c.g} + ${c.arg("weight_decay")} * ${c.w};`);
        d = "_d";
      }
      if (c.value("momentum") === 0) return [...lines, `${c.w} -= ${c.lr} * ${d};`];
      // b starts at 0, so μ·b + d is exactly d on the first step, as PyTorch's buffer = clone(d).
      const b = c.state("momentum");
      lines.push(`${b} = ${c.arg("momentum")} * ${b} + ${d};`);
      lines.push(c.value("nesterov") === true ? `${c.w} -= ${c.lr} * (${d} + ${c.arg("momentum")} * ${b});` : `${c.w} -= ${c.lr} * ${b};`);
      return lines;
    },
  },
};

export const RMSPROP: OptimizerDef = {
  kind: "rmsprop",
  label: "RMSprop",
  doc: "RMSprop as torch.optim.RMSprop (not centered): v = ρ·v + (1−ρ)·g²; w −= lr·g/(√v + eps), or with momentum μ: b = μ·b + g/(√v + eps), w −= lr·b. Note ρ defaults to 0.9 (PyTorch's alpha defaults to 0.99).",
  example: "rmsprop(lr = 0.01, rho = 0.9)",
  args: [
    lrArg(0.01),
    { name: "rho", kind: "number", doc: "decay of the running average of squared gradients", default: 0.9, range: UNIT_OPEN, ui: { label: "rho", min: 0, max: 0.999, step: 0.001 } },
    epsArg(1e-8),
    momentumArg("momentum factor μ applied to the scaled step (0: none)"),
  ],
  positional: ["lr"],
  state: (a) => (numArg(a, "momentum") === 0 ? ["square_avg"] : ["square_avg", "momentum"]),
  counter: false,
  decays: false,
  reference: (h, w, g, s) => {
    const rho = numArg(h.args, "rho");
    const eps = numArg(h.args, "eps");
    const mu = numArg(h.args, "momentum");
    const v = stateArray(s, "square_avg");
    const b = mu === 0 ? undefined : stateArray(s, "momentum");
    for (let i = 0; i < w.length; i++) {
      v[i] = rho * v[i]! + (1 - rho) * g[i]! * g[i]!;
      const avg = Math.sqrt(v[i]!) + eps;
      if (b === undefined) w[i] = w[i]! - h.lr * (g[i]! / avg);
      else {
        b[i] = mu * b[i]! + g[i]! / avg;
        w[i] = w[i]! - h.lr * b[i]!;
      }
    }
  },
  emit: {
    element: (c) => {
      const v = c.state("square_avg");
      const lines = [`${v} = ${c.arg("rho")} * ${v} + (1 - ${c.arg("rho")}) * ${c.g} * ${c.g};`];
      const scaled = `${c.g} / (Math.sqrt(${v}) + ${c.arg("eps")})`;
      if (c.value("momentum") === 0) return [...lines, `${c.w} -= ${c.lr} * (${scaled});`];
      const b = c.state("momentum");
      return [...lines, `${b} = ${c.arg("momentum")} * ${b} + ${scaled};`, `${c.w} -= ${c.lr} * ${b};`];
    },
  },
};

export const ADAGRAD: OptimizerDef = {
  kind: "adagrad",
  label: "Adagrad",
  doc: "Adagrad as torch.optim.Adagrad (no lr decay, accumulator starting at 0): s = s + g²; w −= lr·g/(√s + eps).",
  example: "adagrad(lr = 0.01)",
  args: [lrArg(0.01), epsArg(1e-10)],
  positional: ["lr"],
  state: () => ["sum"],
  counter: false,
  decays: false,
  reference: (h, w, g, s) => {
    const eps = numArg(h.args, "eps");
    const sum = stateArray(s, "sum");
    for (let i = 0; i < w.length; i++) {
      sum[i] = sum[i]! + g[i]! * g[i]!;
      w[i] = w[i]! - h.lr * (g[i]! / (Math.sqrt(sum[i]!) + eps));
    }
  },
  emit: {
    element: (c) => {
      const sum = c.state("sum");
      return [`${sum} += ${c.g} * ${c.g};`, `${c.w} -= ${c.lr} * (${c.g} / (Math.sqrt(${sum}) + ${c.arg("eps")}));`];
    },
  },
};
