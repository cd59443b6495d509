import { formatLoss, type EpochMetrics } from "@nnc/runtime";

/** A fraction as the epoch line shows accuracy: `82.5%`. */
export function percent(v: number): string {
  return `${(100 * v).toFixed(1)}%`;
}

/** Whether a metric is a fraction shown in percent (accuracy, top_k). */
export function isFraction(name: string): boolean {
  return name === "accuracy" || /^top_\d+$/.test(name);
}

/** A metric's short label as the epoch line writes it: `acc`, `top5`, else its name. */
export function metricLabel(name: string): string {
  if (name === "accuracy") return "acc";
  const top = /^top_(\d+)$/.exec(name);
  return top === null ? name : `top${top[1]!}`;
}

export function metricValue(name: string, v: number): string {
  return isFraction(name) ? percent(v) : formatLoss(v);
}

/**
 * The metrics of an epoch exactly as `nnc train` prints them on its epoch line (progress.ts
 * formatEpochLine, without the epoch counter, speed and time): `loss 0.3110  acc 88.9%  val_loss 0.2579  val_acc 90.5%`.
 */
export function metricsLine(m: EpochMetrics): string {
  const parts = [`loss ${formatLoss(m.loss)}`];
  for (const [k, v] of Object.entries(m.metrics)) parts.push(`${metricLabel(k)} ${metricValue(k, v)}`);
  if (m.val_loss !== null) parts.push(`val_loss ${formatLoss(m.val_loss)}`);
  for (const [k, v] of Object.entries(m.val_metrics ?? {})) parts.push(`val_${metricLabel(k)} ${metricValue(k, v)}`);
  return parts.join("  ");
}
