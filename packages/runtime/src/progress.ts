import { jsonText } from "./json-text.ts";
import { terminalText } from "./terminal-text.ts";

/** What one epoch measured; null where there is nothing to measure (no validation set, no accuracy). */
export interface EpochMetrics {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number | null;
  readonly val_loss: number | null;
  readonly val_accuracy: number | null;
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

function pct(v: number | null): string {
  return v === null ? "" : `${(100 * v).toFixed(1)}%`;
}

/** A loss with 4 significant decimals; non-finite values as `nan`/`inf`. */
export function formatLoss(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential(3) : v.toFixed(4);
}

/** The plain end-of-epoch line: `epoch  3/60  loss 0.4123  acc 82.5%  val_loss 0.4001  val_acc 83.0%  12,345 samples/s  0:01`. */
export function formatEpochLine(m: EpochMetrics, epochs: number, seconds: number, samplesPerSecond: number): string {
  const w = String(epochs).length;
  const parts = [`epoch ${String(m.epoch).padStart(w)}/${epochs}`, `loss ${formatLoss(m.loss)}`];
  if (m.accuracy !== null) parts.push(`acc ${pct(m.accuracy)}`);
  if (m.val_loss !== null) parts.push(`val_loss ${formatLoss(m.val_loss)}`);
  if (m.val_accuracy !== null) parts.push(`val_acc ${pct(m.val_accuracy)}`);
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
      write(jsonText(m) + "\n");
    },
    message(text) {
      writeMessage(terminalText(text) + "\n");
    },
  };
}
