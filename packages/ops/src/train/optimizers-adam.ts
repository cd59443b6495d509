/**
 * adam, adamw and lion (t is the 1-based step, g the gradient, decay only on decayed params):
 *   adam   d = g + wd·w (L2); m = β₁m + (1−β₁)d; v = β₂v + (1−β₂)d²;
 *          w −= (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε)            (torch.optim.Adam's exact form)
 *   adamw  w ·= 1 − lr·wd first (decoupled), then adam's step with d = g
 *   lion   c = β₁m + (1−β₁)g; w ·= 1 − lr·wd; w −= lr·sign(c); m = β₂m + (1−β₂)g   (Chen et al. 2023)
 */
import { betaArg, decayArg, epsArg, lrArg, numArg } from "./arg-def.ts";
import type { ElementEmit } from "./emit.ts";
import { stateArray, type OptimizerDef, type OptimizerStep } from "./optimizer-def.ts";

const ADAM_ARGS = [betaArg("beta1", 0.9, "decay of the first-moment average m"), betaArg("beta2", 0.999, "decay of the second-moment average v"), epsArg(1e-8)];

/** The adam moment update and step on one parameter; `l2` adds wd·w to the gradient first. */
function adamReference(h: OptimizerStep, w: Float64Array, g: Float64Array, s: Readonly<Record<string, Float64Array>>, l2: number): void {
  const b1 = numArg(h.args, "beta1");
  const b2 = numArg(h.args, "beta2");
  const eps = numArg(h.args, "eps");
  const m = stateArray(s, "m");
  const v = stateArray(s, "v");
  const stepSize = h.lr / (1 - Math.pow(b1, h.t));
  const bc2Sqrt = Math.sqrt(1 - Math.pow(b2, h.t));
  for (let i = 0; i < w.length; i++) {
    const d = l2 === 0 ? g[i]! : g[i]! + l2 * w[i]!;
    m[i] = b1 * m[i]! + (1 - b1) * d;
    v[i] = b2 * v[i]! + (1 - b2) * d * d;
    w[i] = w[i]! - stepSize * (m[i]! / (Math.sqrt(v[i]!) / bc2Sqrt + eps));
  }
}

/** Once per step: the bias corrections as step size and √(1−β₂ᵗ). */
function adamStep(c: { t: string; lr: string; arg: (n: string) => string }): string[] {
  return [`const _stepSize = ${c.lr} / (1 - Math.pow(${c.arg("beta1")}, ${c.t})), _bc2Sqrt = Math.sqrt(1 - Math.pow(${c.arg("beta2")}, ${c.t}));`];
}

function adamElement(c: ElementEmit, d: string): string[] {
  const m = c.state("m");
  const v = c.state("v");
  return [
    `${m} = ${c.arg("beta1")} * ${m} + (1 - ${c.arg("beta1")}) * ${d};`,
    `${v} = ${c.arg("beta2")} * ${v} + (1 - ${c.arg("beta2")}) * ${d} * ${d};`,
    `${c.w} -= _stepSize * (${m} / (Math.sqrt(${v}) / _bc2Sqrt + ${c.arg("eps")}));`,
  ];
}

const decays = (c: ElementEmit): boolean => c.decay && c.value("weight_decay") !== 0;

export const ADAM: OptimizerDef = {
  kind: "adam",
  label: "Adam (L2 weight decay)",
  doc: "Adam as torch.optim.Adam: d = g + weight_decay·w (L2, coupled); m = β₁m + (1−β₁)d; v = β₂v + (1−β₂)d²; w −= lr/(1−β₁ᵗ) · m/(√v/√(1−β₂ᵗ) + eps).",
  example: "adam(lr = 0.001)",
  args: [lrArg(0.001), ...ADAM_ARGS, decayArg(0, "L2 penalty added to the gradient (coupled: scaled by the adaptive step; prefer adamw)")],
  positional: ["lr"],
  state: () => ["m", "v"],
  counter: true,
  decays: true,
  reference: (h, w, g, s) => {
    adamReference(h, w, g, s, h.decay ? numArg(h.args, "weight_decay") : 0);
  },
  emit: {
    step: adamStep,
    element: (c) => {
      if (!decays(c)) return adamElement(c, c.g);
      return [`const _d = ${c.g} + ${c.arg("weight_decay")} * ${c.w};`, ...adamElement(c, "_d")];
    },
  },
};

export const ADAMW: OptimizerDef = {
  kind: "adamw",
  label: "AdamW (decoupled weight decay)",
  doc: "AdamW as torch.optim.AdamW: w ·= 1 − lr·weight_decay first (decoupled decay), then Adam's step with the plain gradient.",
  example: "adamw(lr = 0.001, weight_decay = 0.01)",
  args: [lrArg(0.001), ...ADAM_ARGS, decayArg(0.01, "decoupled decay: w shrinks by lr·weight_decay·w each step")],
  positional: ["lr"],
  state: () => ["m", "v"],
  counter: true,
  decays: true,
  reference: (h, w, g, s) => {
    if (h.decay) {
      const shrink = 1 - h.lr * numArg(h.args, "weight_decay");
      for (let i = 0; i < w.length; i++) w[i] = w[i]! * shrink;
    }
    adamReference(h, w, g, s, 0);
  },
  emit: {
    step: adamStep,
    element: (c) => [...(decays(c) ? [`${c.w} *= 1 - ${c.lr} * ${c.arg("weight_decay")};`] : []), ...adamElement(c, c.g)],
  },
};

export const LION: OptimizerDef = {
  kind: "lion",
  label: "Lion",
  doc: "Lion (Chen et al. 2023, as lucidrains' lion-pytorch): c = β₁m + (1−β₁)g; w ·= 1 − lr·weight_decay; w −= lr·sign(c); m = β₂m + (1−β₂)g. Its steps have size lr per element: use a learning rate 3–10× smaller than Adam's.",
  example: "lion(lr = 0.0001, weight_decay = 0.01)",
  args: [lrArg(1e-4), betaArg("beta1", 0.9, "interpolation of m and g for the update's sign"), betaArg("beta2", 0.99, "decay of the momentum m"), decayArg(0, "decoupled decay: w shrinks by lr·weight_decay·w each step")],
  positional: ["lr"],
  state: () => ["m"],
  counter: false,
  decays: true,
  reference: (h, w, g, s) => {
    const b1 = numArg(h.args, "beta1");
    const b2 = numArg(h.args, "beta2");
    const shrink = h.decay ? 1 - h.lr * numArg(h.args, "weight_decay") : 1;
    const m = stateArray(s, "m");
    for (let i = 0; i < w.length; i++) {
      const c = b1 * m[i]! + (1 - b1) * g[i]!;
      w[i] = w[i]! * shrink - h.lr * Math.sign(c);
      m[i] = b2 * m[i]! + (1 - b2) * g[i]!;
    }
  },
  emit: {
    element: (c) => {
      const m = c.state("m");
      return [
        `const _c = ${c.arg("beta1")} * ${m} + (1 - ${c.arg("beta1")}) * ${c.g};`,
        ...(decays(c) ? [`${c.w} *= 1 - ${c.lr} * ${c.arg("weight_decay")};`] : []),
        `${c.w} -= ${c.lr} * Math.sign(_c);`,
        `${m} = ${c.arg("beta2")} * ${m} + (1 - ${c.arg("beta2")}) * ${c.g};`,
      ];
    },
  },
};
