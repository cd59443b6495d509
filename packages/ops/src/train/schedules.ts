/**
 * Learning-rate schedules: signature, checks, docs and controls. Their semantics are the runtime's
 * (`learningRate` in @nnc/runtime/core, keyed by the same kinds); `formula` documents it. t counts
 * optimizer steps 0…S−1 over the whole run (S = epochs × steps per epoch), lr is the optimizer's lr.
 */
import type { ScheduleKind } from "@nnc/runtime/core";
import { NON_NEGATIVE, POSITIVE, type SettingDef } from "./arg-def.ts";

export interface ScheduleDef extends SettingDef<ScheduleKind> {
  /** The learning rate at step t, as text for the docs. */
  readonly formula: string;
}

export const SCHEDULES: Readonly<Record<ScheduleKind, ScheduleDef>> = {
  constant: {
    kind: "constant",
    label: "constant",
    doc: "The optimizer's learning rate at every step (the default).",
    formula: "lr",
    example: "constant()",
    args: [],
    positional: [],
  },
  step: {
    kind: "step",
    label: "step decay",
    doc: "Multiplies the learning rate by gamma every `every` steps, as torch.optim.lr_scheduler.StepLR counted in optimizer steps.",
    formula: "lr·gamma^⌊t/every⌋",
    example: "step(every = 1000, gamma = 0.5)",
    args: [
      { name: "every", kind: "int", doc: "steps between decays", range: [(v) => v >= 1, "at least 1"], ui: { label: "every (steps)", min: 1, max: 10000, step: 1, log: true, start: 1000 } },
      { name: "gamma", kind: "number", doc: "the factor applied at each decay", default: 0.1, range: POSITIVE, ui: { label: "gamma", min: 0.01, max: 1, step: 0.01 } },
    ],
    positional: ["every", "gamma"],
  },
  exponential: {
    kind: "exponential",
    label: "exponential decay",
    doc: "Multiplies the learning rate by gamma every step, as torch.optim.lr_scheduler.ExponentialLR counted in optimizer steps.",
    formula: "lr·gamma^t",
    example: "exponential(0.999)",
    args: [{ name: "gamma", kind: "number", doc: "the factor applied each step", range: POSITIVE, ui: { label: "gamma", min: 0.9, max: 1, step: 0.0001, start: 0.999 } }],
    positional: ["gamma"],
  },
  cosine: {
    kind: "cosine",
    label: "cosine (with warmup)",
    doc: "A linear warmup over the first `warmup` steps, then a cosine from lr down to min_lr at the last step.",
    formula: "lr·(t+1)/warmup for t < warmup, then min_lr + (lr − min_lr)·(1 + cos(π·(t − warmup)/(S − warmup)))/2",
    example: "cosine(warmup = 100, min_lr = 0.00001)",
    args: [
      { name: "warmup", kind: "int", doc: "steps of linear warmup", default: 0, range: NON_NEGATIVE, ui: { label: "warmup (steps)", min: 0, max: 10000, step: 1 } },
      { name: "min_lr", kind: "number", doc: "the learning rate the cosine ends at", default: 0, range: NON_NEGATIVE, ui: { label: "min lr", min: 0, max: 0.01, step: 1e-6 } },
    ],
    positional: [],
  },
  one_cycle: {
    kind: "one_cycle",
    label: "one cycle",
    doc: "PyTorch's OneCycleLR over the whole run (cosine annealing, pct_start 0.3, div_factor 25, final_div_factor 1e4): up from max_lr/25 to max_lr over the first 30 % of the steps, then down to max_lr/25/1e4. The optimizer's lr is not used.",
    formula: "OneCycleLR(max_lr, total_steps = S)",
    example: "one_cycle(max_lr = 0.01)",
    args: [{ name: "max_lr", kind: "number", doc: "the peak learning rate", range: POSITIVE, ui: { label: "max lr", min: 1e-5, max: 1, step: 1e-5, log: true, start: 0.01 } }],
    positional: ["max_lr"],
  },
};
