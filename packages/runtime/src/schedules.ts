import type { ScheduleKind, ScheduleSetting, SettingValue } from "./settings.ts";

/**
 * Learning-rate schedules: the reference semantics of every schedule kind, shared by `nnc train`,
 * generated programs and the playground. The position `t` is the 0-based optimizer step over the
 * whole run (t = 0…S−1, S = epochs × steps per epoch), so a resumed run continues at the same t.
 */
export type ScheduleFn = (args: Readonly<Record<string, SettingValue>>, baseLr: number, t: number, totalSteps: number) => number;

function scheduleArg(args: Readonly<Record<string, SettingValue>>, name: string, fallback: number): number {
  const v = args[name];
  return typeof v === "number" ? v : fallback;
}

/** PyTorch's `_annealing_cos`: from `start` (pct = 0) to `end` (pct = 1) along half a cosine. */
function annealCos(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
}

/**
 * PyTorch's OneCycleLR (two phases, cosine annealing): initial = max_lr/div_factor at t = 0 rising to
 * max_lr at t = pct_start·S − 1, then falling to initial/final_div_factor at t = S − 1.
 */
const oneCycle: ScheduleFn = (args, _baseLr, t, totalSteps) => {
  const maxLr = scheduleArg(args, "max_lr", Number.NaN);
  const initial = maxLr / scheduleArg(args, "div_factor", 25);
  const final = initial / scheduleArg(args, "final_div_factor", 1e4);
  const peak = scheduleArg(args, "pct_start", 0.3) * totalSteps - 1;
  // As PyTorch: phase 1 covers t ≤ peak, phase 2 the rest (its last phase takes every later t).
  if (t <= peak) return annealCos(initial, maxLr, peak > 0 ? t / peak : 1);
  return annealCos(maxLr, final, (t - peak) / (totalSteps - 1 - peak));
};

/** Each kind's semantics; the compile-time table in @nnc/ops is keyed by the same kinds. */
export const SCHEDULE_SEMANTICS: Readonly<Record<ScheduleKind, ScheduleFn>> = {
  /** lr. */
  constant: (_args, lr) => lr,
  /** lr·gamma^floor(t/every) (PyTorch StepLR). */
  step: (args, lr, t) => lr * Math.pow(scheduleArg(args, "gamma", 0.1), Math.floor(t / scheduleArg(args, "every", Number.NaN))),
  /** lr·gamma^t (PyTorch ExponentialLR). */
  exponential: (args, lr, t) => lr * Math.pow(scheduleArg(args, "gamma", Number.NaN), t),
  /**
   * Linear warmup lr·(t+1)/warmup for t < warmup, then cosine decay from lr to min_lr over the remaining
   * steps: min_lr + (lr − min_lr)(1 + cos(π(t − warmup)/(S − warmup)))/2 (PyTorch CosineAnnealingLR with T_max = S − warmup).
   */
  cosine: (args, lr, t, totalSteps) => {
    const warmup = scheduleArg(args, "warmup", 0);
    const minLr = scheduleArg(args, "min_lr", 0);
    if (t < warmup) return (lr * (t + 1)) / warmup;
    return minLr + ((lr - minLr) * (1 + Math.cos((Math.PI * (t - warmup)) / (totalSteps - warmup)))) / 2;
  },
  /** PyTorch OneCycleLR; the optimizer's lr is ignored (the cycle is set by max_lr alone). */
  one_cycle: oneCycle,
};

/**
 * The learning rate of optimizer step t (0…totalSteps−1) under `schedule` with base rate `baseLr`
 * (the optimizer's lr, or --lr). Every argument of `schedule.args` is expected filled in (defaults
 * included); a missing optional one takes the default of LANGUAGE-V2.md.
 */
export function learningRate(schedule: ScheduleSetting, baseLr: number, t: number, totalSteps: number): number {
  return SCHEDULE_SEMANTICS[schedule.kind](schedule.args, baseLr, t, totalSteps);
}

/** Whether a schedule's rates depend on the base lr (all but one_cycle, which uses max_lr alone). */
export function scheduleUsesBaseLr(schedule: ScheduleSetting): boolean {
  return schedule.kind !== "one_cycle";
}
