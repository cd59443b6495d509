/**
 * The constant settings of a train section checked against the tables of @nnc/ops: optimizer, schedule,
 * clip, metrics, decay_all, and the counts batch, epochs, seed (data: data-setting.ts).
 */
import type { Span } from "@nnc/diagnostics";
import { CLIPS, DECAY_ALL, METRICS, OPTIMIZERS, SCHEDULES, type SettingDef } from "@nnc/ops";
import type { ClipKind, ClipSetting, MetricKind, MetricSetting, OptimizerKind, ScheduleKind, ScheduleSetting } from "@nnc/runtime/core";
import type { Expr } from "@nnc/syntax";
import { ConstScope } from "./const-scope.ts";
import type { LowerCtx } from "./context.ts";
import { lowerExpr } from "./expr.ts";
import { checkSettingCall, type CheckedSetting, type SettingTable } from "./train-call.ts";
import { asNumber, describe } from "./values.ts";

const OPTIMIZER_TABLE: SettingTable<OptimizerKind> = {
  code: "E0406",
  what: "optimizer",
  defs: OPTIMIZERS,
  bareIsCall: false,
  extra: (def: SettingDef<OptimizerKind>) => (OPTIMIZERS[def.kind].decays ? [DECAY_ALL] : []),
};
const SCHEDULE_TABLE: SettingTable<ScheduleKind> = { code: "E0420", what: "schedule", defs: SCHEDULES, bareIsCall: false };
const CLIP_TABLE: SettingTable<ClipKind> = { code: "E0421", what: "clipping", defs: CLIPS, bareIsCall: false };
const METRIC_TABLE: SettingTable<MetricKind> = { code: "E0422", what: "metric", defs: METRICS, bareIsCall: true };

/** The optimizer with decay_all (when given as its argument) split from its arguments. */
export interface CheckedOptimizer {
  readonly setting: CheckedSetting<OptimizerKind>;
  /** decay_all as written in the call, with its span; undefined when not written. */
  readonly decayAll?: { readonly value: boolean; readonly span: Span };
}

export function parseOptimizer(ctx: LowerCtx, e: Expr): CheckedOptimizer | undefined {
  const s = checkSettingCall(ctx, OPTIMIZER_TABLE, e);
  if (s === undefined) return undefined;
  const { decay_all: decayAll, ...args } = s.args;
  const span = s.spans.get(DECAY_ALL.name);
  const setting = { ...s, args };
  return span === undefined || typeof decayAll !== "boolean" ? { setting } : { setting, decayAll: { value: decayAll, span } };
}

export function parseSchedule(ctx: LowerCtx, e: Expr): ScheduleSetting | undefined {
  const s = checkSettingCall(ctx, SCHEDULE_TABLE, e);
  return s === undefined ? undefined : { kind: s.kind, args: s.args };
}

export function parseClip(ctx: LowerCtx, e: Expr): ClipSetting | undefined {
  const s = checkSettingCall(ctx, CLIP_TABLE, e);
  return s === undefined ? undefined : { kind: s.kind, args: s.args };
}

/** A metric as checked, with the span of its entry in the list (for the fit check). */
export interface CheckedMetric {
  readonly setting: MetricSetting;
  readonly span: Span;
}

/** `[accuracy, top_k(3)]`: a list of metric calls or bare names, each kind and argument set once. */
export function parseMetrics(ctx: LowerCtx, e: Expr): CheckedMetric[] | undefined {
  if (e.kind !== "List") {
    const one = e.kind === "Name" || e.kind === "Call" ? ctx.text(e.span) : "accuracy";
    ctx.report("E0422", "`metrics` must be a list such as `[accuracy, top_k(5)]`", e.span, { label: "not a list", help: `write \`[${one}]\`` });
    return undefined;
  }
  const out: CheckedMetric[] = [];
  const seen = new Map<string, Span>();
  let ok = true;
  for (const item of e.elements) {
    const s = checkSettingCall(ctx, METRIC_TABLE, item);
    if (s === undefined) {
      ok = false;
      continue;
    }
    const key = JSON.stringify([s.kind, s.args]);
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.report("E0422", `the metric \`${ctx.text(item.span)}\` is listed twice`, item.span, { label: "listed again here", labels: [{ span: first, message: "first listed here" }] });
      ok = false;
      continue;
    }
    seen.set(key, item.span);
    out.push({ setting: { kind: s.kind, args: s.args }, span: item.span });
  }
  return ok ? out : undefined;
}

/** `decay_all = true` or `false` as a train-section key. */
export function parseFlag(ctx: LowerCtx, key: string, e: Expr): boolean | undefined {
  const v = lowerExpr(new ConstScope(ctx), e);
  if (v.kind === "poison") return undefined;
  if (v.kind === "bool") return v.value;
  ctx.report("E0407", `\`${key}\` must be \`true\` or \`false\`, but this is ${describe(v)}`, e.span, { label: "expected `true` or `false`" });
  return undefined;
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
