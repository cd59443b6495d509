/**
 * The training settings a compiled program carries as plain data (no @nnc imports: this file is inlined
 * into generated programs and shared with the browser). The compile-time tables in @nnc/ops
 * (packages/ops/src/train/) are keyed by these kinds, so a kind added here without its table record,
 * or there without its runtime semantics here, fails to typecheck.
 */
export type SettingValue = number | boolean | string;

/** A call such as `cosine(warmup = 100)` with every argument filled in (defaults included), by name. */
export interface Setting<K extends string = string> {
  readonly kind: K;
  readonly args: Readonly<Record<string, SettingValue>>;
}

export const SCHEDULE_KINDS = ["constant", "step", "exponential", "cosine", "one_cycle"] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
export type ScheduleSetting = Setting<ScheduleKind>;

export const METRIC_KINDS = ["accuracy", "top_k", "mae", "rmse"] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];
export type MetricSetting = Setting<MetricKind>;

export const OPTIMIZER_KINDS = ["sgd", "adam", "adamw", "rmsprop", "adagrad", "lion"] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];
export type OptimizerSetting = Setting<OptimizerKind>;

export const CLIP_KINDS = ["global_norm", "value"] as const;
export type ClipKind = (typeof CLIP_KINDS)[number];
export type ClipSetting = Setting<ClipKind>;
