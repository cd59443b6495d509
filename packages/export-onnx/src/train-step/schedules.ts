/**
 * Learning-rate schedules as ONNX nodes in double, each exactly SCHEDULE_SEMANTICS of
 * packages/runtime/src/schedules.ts (t the 0-based step over the run, S = totalSteps);
 * `satisfies Record<ScheduleKind, …>` so a new kind without an ONNX rule fails to typecheck.
 * Numbers known at export time (one_cycle's phases) are folded here in float64.
 */
import type { ScheduleKind } from "@nnc/runtime/core";
import type { OnnxScheduleContext, OnnxScheduleRule } from "./rules.ts";

const d = (c: OnnxScheduleContext, v: number): string => c.e.scalar("f64", v);
const op = (c: OnnxScheduleContext, type: string, ...inputs: string[]): string => c.e.op(type, inputs);

/** PyTorch's `_annealing_cos`: end + (start − end)/2·(cos(π·pct) + 1), `pct` a double scalar. */
function annealCos(c: OnnxScheduleContext, start: number, end: number, pct: string): string {
  const cos = op(c, "Cos", op(c, "Mul", d(c, Math.PI), pct));
  return op(c, "Add", d(c, end), op(c, "Mul", d(c, (start - end) / 2), op(c, "Add", cos, d(c, 1))));
}

export const ONNX_SCHEDULES = {
  constant: { lr: (c) => d(c, c.baseLr) },
  // lr·gamma^⌊t/every⌋
  step: { lr: (c) => op(c, "Mul", d(c, c.baseLr), op(c, "Pow", d(c, c.num("gamma", 0.1)), op(c, "Floor", op(c, "Div", c.t, d(c, c.num("every")))))) },
  // lr·gamma^t
  exponential: { lr: (c) => op(c, "Mul", d(c, c.baseLr), op(c, "Pow", d(c, c.num("gamma")), c.t)) },
  // t < warmup: lr·(t+1)/warmup; else min_lr + (lr − min_lr)(1 + cos(π(t − warmup)/(S − warmup)))/2
  cosine: {
    lr: (c) => {
      const warmup = c.num("warmup", 0);
      const minLr = c.num("min_lr", 0);
      const pct = op(c, "Div", op(c, "Sub", c.t, d(c, warmup)), d(c, c.totalSteps - warmup));
      const cosine = annealCos(c, c.baseLr, minLr, pct);
      if (warmup === 0) return cosine;
      const ramp = op(c, "Div", op(c, "Mul", d(c, c.baseLr), op(c, "Add", c.t, d(c, 1))), d(c, warmup));
      return op(c, "Where", op(c, "Less", c.t, d(c, warmup)), ramp, cosine);
    },
  },
  // OneCycleLR: t ≤ peak: anneal(initial → max_lr, t/peak); else anneal(max_lr → final, (t − peak)/(S − 1 − peak)).
  one_cycle: {
    lr: (c) => {
      const maxLr = c.num("max_lr");
      const initial = maxLr / c.num("div_factor", 25);
      const final = initial / c.num("final_div_factor", 1e4);
      const peak = c.num("pct_start", 0.3) * c.totalSteps - 1;
      const up = annealCos(c, initial, maxLr, peak > 0 ? op(c, "Div", c.t, d(c, peak)) : d(c, 1));
      const down = annealCos(c, maxLr, final, op(c, "Div", op(c, "Sub", c.t, d(c, peak)), d(c, c.totalSteps - 1 - peak)));
      return op(c, "Where", op(c, "LessOrEqual", c.t, d(c, peak)), up, down);
    },
  },
} as const satisfies Record<ScheduleKind, OnnxScheduleRule>;
