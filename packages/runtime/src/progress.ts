import { jsonText } from "./json-text.ts";
import type { Setting } from "./settings.ts";
import { terminalText } from "./terminal-text.ts";

/** What one epoch measured; null where there is nothing to measure (no validation set). */
export interface EpochMetrics {
  readonly epoch: number;
  /** Mean training loss over the epoch's batches (weighted by rows). */
  readonly loss: number;
  readonly val_loss: number | null;
  /** The selected metrics over the epoch's training batches, by name (metrics.ts metricName), in selection order. */
  readonly metrics: Readonly<Record<string, number>>;
  /** The same metrics on the validation set; null without one. */
  readonly val_metrics: Readonly<Record<string, number>> | null;
}

/**
 * The flat record `--json` prints: epoch, loss, each metric by name, val_loss, then each metric as
 * `val_<name>` (null without a validation set): `{"epoch":1,"loss":…,"accuracy":…,"val_loss":…,"val_accuracy":…}`.
 */
export function epochRecord(m: EpochMetrics): Record<string, number | null> {
  const out: Record<string, number | null> = { epoch: m.epoch, loss: m.loss };
  for (const [k, v] of Object.entries(m.metrics)) out[k] = v;
  out["val_loss"] = m.val_loss;
  for (const k of Object.keys(m.metrics)) out[`val_${k}`] = m.val_metrics?.[k] ?? null;
  return out;
}

/** A setting as written in a train section: `cosine(warmup = 100, min_lr = 0)`; strings quoted. */
export function settingText(s: Setting): string {
  const args = Object.entries(s.args).map(([k, v]) => `${k} = ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  return `${s.kind}(${args.join(", ")})`;
}

/** Where the training loop reports to; `renderProgress` and `jsonReporter` build the usual ones. */
export interface TrainReporter {
  /** During an epoch: `done` of `total` training examples seen, after `seconds` of this epoch. */
  step(epoch: number, done: number, total: number, seconds: number, loss: number): void;
  epochEnd(m: EpochMetrics, seconds: number, samplesPerSecond: number): void;
  /** A one-line note for people; it may quote paths and data specs, so reporters escape it (terminal-text.ts). */
  message(text: string): void;
}

/** `m:ss` below an hour, `h:mm:ss` above; `--:--` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Whole numbers with thousands separators: 12345.6 → "12,346". */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A bar of `width` cells: `[=========>          ]`. */
export function formatBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  const full = Math.floor(f * width);
  const head = full < width ? ">" : "";
  return `[${"=".repeat(full)}${head}${" ".repeat(Math.max(0, width - full - head.length))}]`;
}

function pct(v: number): string {
  return `${(100 * v).toFixed(1)}%`;
}

/** A loss with 4 significant decimals; non-finite values as `nan`/`inf`. */
export function formatLoss(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential(3) : v.toFixed(4);
}

/** A metric as the epoch line shows it: accuracy as `acc 82.5%`, top_k as `top5 91.0%`, others as losses. */
function metricText(name: string, v: number, prefix: string): string {
  if (name === "accuracy") return `${prefix}acc ${pct(v)}`;
  const top = /^top_(\d+)$/.exec(name);
  if (top !== null) return `${prefix}top${top[1]!} ${pct(v)}`;
  return `${prefix}${name} ${formatLoss(v)}`;
}

/** The plain end-of-epoch line: `epoch  3/60  loss 0.4123  acc 82.5%  val_loss 0.4001  val_acc 83.0%  12,345 samples/s  0:01`. */
export function formatEpochLine(m: EpochMetrics, epochs: number, seconds: number, samplesPerSecond: number): string {
  const w = String(epochs).length;
  const parts = [`epoch ${String(m.epoch).padStart(w)}/${epochs}`, `loss ${formatLoss(m.loss)}`];
  for (const [k, v] of Object.entries(m.metrics)) parts.push(metricText(k, v, ""));
  if (m.val_loss !== null) parts.push(`val_loss ${formatLoss(m.val_loss)}`);
  for (const [k, v] of Object.entries(m.val_metrics ?? {})) parts.push(metricText(k, v, "val_"));
  parts.push(`${formatCount(samplesPerSecond)} samples/s`, formatDuration(seconds));
  return parts.join("  ");
}

/** The in-place TTY line during an epoch, with the ETA of the whole run. */
export function formatProgressLine(epoch: number, epochs: number, done: number, total: number, rate: number, etaSeconds: number, loss: number): string {
  const w = String(epochs).length;
  const pctDone = total === 0 ? 100 : Math.floor((100 * done) / total);
  return `epoch ${String(epoch).padStart(w)}/${epochs} ${formatBar(done / Math.max(1, total), 24)} ${String(pctDone).padStart(3)}%  ${formatCount(rate)} samples/s  ETA ${formatDuration(etaSeconds)}  loss ${formatLoss(loss)}`;
}

/**
 * Human progress on `write` (stderr). On a TTY a bar redrawn in place (at most every 100 ms), then
 * the epoch line; otherwise only the epoch lines. `now` is injectable for tests.
 */
export function renderProgress(write: (text: string) => void, isTTY: boolean, epochs: number, startEpoch: number, now: () => number = () => performance.now()): TrainReporter {
  let lastDraw = -Infinity;
  const runStart = now();
  let drawn = false;
  return {
    step(epoch, done, total, seconds, loss) {
      if (!isTTY) return;
      const t = now();
      if (t - lastDraw < 100 && done < total) return;
      lastDraw = t;
      const rate = seconds > 0 ? done / seconds : 0;
      const elapsed = (t - runStart) / 1000;
      const epochsLeft = epochs - epoch + 1 - done / Math.max(1, total);
      const perEpoch = (epoch - startEpoch + done / Math.max(1, total)) > 0 ? elapsed / (epoch - startEpoch + done / Math.max(1, total)) : NaN;
      write(`\r${formatProgressLine(epoch, epochs, done, total, rate, epochsLeft * perEpoch, loss)}\u001b[K`);
      drawn = true;
    },
    epochEnd(m, seconds, samplesPerSecond) {
      write(`${drawn ? "\r\u001b[K" : ""}${formatEpochLine(m, epochs, seconds, samplesPerSecond)}\n`);
      drawn = false;
    },
    message(text) {
      write(`${drawn ? "\r\u001b[K" : ""}${terminalText(text)}\n`);
      drawn = false;
    },
  };
}

/** `--json`: one JSON object per epoch on `write` (stdout); messages go to `writeMessage` (stderr). */
export function jsonReporter(write: (text: string) => void, writeMessage: (text: string) => void): TrainReporter {
  return {
    step() {
      // JSON output has no in-epoch progress.
    },
    epochEnd(m) {
      write(jsonText(epochRecord(m)) + "\n");
    },
    message(text) {
      writeMessage(terminalText(text) + "\n");
    },
  };
}
