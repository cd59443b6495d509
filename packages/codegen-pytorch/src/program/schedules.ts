/**
 * Learning-rate schedules in Python: exactly packages/runtime/src/schedules.ts's formulas, t the
 * 0-based optimizer step over the whole run, S = epochs × steps per epoch. The program wraps
 * `schedule_rate` in a LambdaLR (factor rate/base), so the scheduler's state resumes with a checkpoint.
 */
import type { ScheduleKind, ScheduleSetting } from "@nnc/runtime/core";
import { pyNum } from "./py-lit.ts";

/** A schedule in Python: the body of `def schedule_rate(t, base, total):` (4-space indented statements returning the rate), and whether it scales the base rate (without one the program stops at once). */
export interface PyScheduleRule {
  readonly body: (arg: (name: string, fallback: number) => string) => string;
  readonly usesBase: boolean;
}

export const PY_SCHEDULES = {
  constant: { usesBase: true, body: () => "    return base" },
  step: { usesBase: true, body: (a) => `    return base * ${a("gamma", 0.1)} ** (t // ${a("every", Number.NaN)})` },
  exponential: { usesBase: true, body: (a) => `    return base * ${a("gamma", Number.NaN)} ** t` },
  cosine: {
    usesBase: true,
    body: (a) =>
      [
        `    warmup, min_lr = ${a("warmup", 0)}, ${a("min_lr", 0)}`,
        "    if t < warmup:",
        "        return base * (t + 1) / warmup",
        "    return min_lr + (base - min_lr) * (1 + math.cos(math.pi * (t - warmup) / (total - warmup))) / 2",
      ].join("\n"),
  },
  // Set by max_lr alone: the base rate is not used.
  one_cycle: {
    usesBase: false,
    body: (a) =>
      [
        "    # PyTorch's OneCycleLR (two phases, cosine annealing); the base rate is not used.",
        `    max_lr = ${a("max_lr", Number.NaN)}`,
        `    initial = max_lr / ${a("div_factor", 25)}`,
        `    final = initial / ${a("final_div_factor", 1e4)}`,
        `    peak = ${a("pct_start", 0.3)} * total - 1`,
        "    anneal = lambda start, end, pct: end + (start - end) / 2 * (math.cos(math.pi * pct) + 1)",
        "    if t <= peak:",
        "        return anneal(initial, max_lr, t / peak if peak > 0 else 1)",
        "    return anneal(max_lr, final, (t - peak) / (total - 1 - peak))",
      ].join("\n"),
  },
} satisfies Record<ScheduleKind, PyScheduleRule>;

/** `def schedule_rate(t, base, total)` for this schedule, its arguments as literals. */
export function scheduleFunction(s: ScheduleSetting): string {
  const arg = (name: string, fallback: number): string => {
    const v = s.args[name];
    return pyNum(typeof v === "number" ? v : fallback);
  };
  return `def schedule_rate(t, base, total):\n    """The learning rate of optimizer step t (0-based) of total: ${s.kind}, as nnc's schedules."""\n${PY_SCHEDULES[s.kind].body(arg)}\n`;
}
