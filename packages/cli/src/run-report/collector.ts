import { atomicWrite, formatDataSpec, formatDuration, settingText, type EpochMetrics, type ProgramInfo, type RunBegin, type RunObserver } from "@nnc/runtime";
import { confusionMatrix } from "./confusion.ts";
import { renderReport, type ReportData, type RunStatus } from "./page.ts";

/** The least time between two pages written while the run goes on. */
const WRITE_EVERY_MS = 2000;

/** What the report knows before the run starts: the command line's view of it. */
export interface ReportContext {
  /** Where the page goes. */
  readonly path: string;
  /** The .nn file as given on the command line (shown on the page). */
  readonly file: string;
  /** Files the page must not replace (E0657 by dev+inode): the .nn file, data files, checkpoints. */
  readonly inputs: readonly string[];
  readonly info: ProgramInfo;
  /** `--lr` as given, or null. */
  readonly cliLr: number | null;
  /** `--resume` as given, or null. */
  readonly resume: string | null;
  readonly version: string;
  /** Injectable for tests: wall-clock time (ms since 1970) and a monotonic clock (ms). */
  readonly now?: () => number;
  readonly clock?: () => number;
}

/**
 * Collects a run for `nnc train --report`: after the first epoch, and then at most every 2 s, it writes
 * the page (atomically) marked "not finished", so a run killed by Ctrl-C leaves a recent epoch's page;
 * `finish` rewrites it as finished or stopped early. The confusion matrix is measured when a page is
 * written, on the validation split, else the training data (forward passes in inference mode:
 * training is unchanged).
 */
export class ReportCollector implements RunObserver {
  private readonly history: EpochMetrics[] = [];
  private run: RunBegin | null = null;
  private confusion: ReportData["confusion"] = null;
  private startedAt = 0;
  private startClock = 0;
  private lastWrite = -Infinity;

  constructor(private readonly c: ReportContext) {}

  /** Where the page goes. */
  get path(): string {
    return this.c.path;
  }

  /** Epochs recorded so far. */
  get epochsDone(): number {
    return this.history.length;
  }

  begin(run: RunBegin): void {
    this.run = run;
    this.startedAt = (this.c.now ?? Date.now)();
    this.startClock = this.clock();
  }

  epoch(m: EpochMetrics): void {
    this.history.push(m);
    // At most one page per WRITE_EVERY_MS while running (the first epoch's always): a long run of
    // short epochs must not spend its time rewriting pages.
    if (this.history.length > 1 && this.clock() - this.lastWrite < WRITE_EVERY_MS) return;
    this.measure(m.epoch);
    this.write({ kind: "running" });
  }

  /**
   * Rewrites the page with the run's outcome; nothing when no epoch completed. A finished run's
   * confusion matrix is measured on the final parameters; a stopped run keeps the last one measured
   * (the parameters may have moved past the last completed epoch, or be non-finite).
   */
  finish(status: Exclude<RunStatus, { kind: "running" }>): void {
    const last = this.history.at(-1);
    if (last === undefined) return;
    if (status.kind === "finished" && this.confusion?.epoch !== last.epoch) this.measure(last.epoch);
    this.write(status);
  }

  /** The confusion matrix after `epoch` on the validation split, else the training data. */
  private measure(epoch: number): void {
    const run = this.run;
    if (run === null) return;
    const matrix = confusionMatrix(run.model, run.validation ?? run.train);
    this.confusion = matrix === null ? null : { matrix, split: run.validation === null ? "training" : "validation", epoch };
  }

  private clock(): number {
    return (this.c.clock ?? ((): number => performance.now()))();
  }

  private write(status: RunStatus): void {
    this.lastWrite = this.clock();
    atomicWrite(this.c.path, [renderReport(this.data(status))], this.c.inputs);
  }

  private data(status: RunStatus): ReportData {
    return { model: this.c.info.model, file: this.c.file, status, epochs: this.run?.epochs ?? this.history.length, history: this.history, confusion: this.confusion, settings: this.settings() };
  }

  private settings(): [string, string][] {
    const { info, cliLr, resume, version } = this.c;
    const t = info.train;
    const run = this.run;
    const out: [string, string][] = [["file", this.c.file], ["model", info.model]];
    const optimizer = t?.optimizer === undefined || t.optimizer === null ? "the model's default" : settingText(t.optimizer);
    out.push(["optimizer", optimizer]);
    out.push(["learning rate", run?.lr === null || run === null ? "the optimizer's" : `${run.lr}${cliLr === null ? "" : " (--lr)"}`]);
    out.push(["schedule", t?.schedule === undefined || t.schedule === null || t.schedule.kind === "constant" ? "constant" : settingText(t.schedule)]);
    out.push(["gradient clipping", t?.clip === undefined || t.clip === null ? "none" : settingText(t.clip)]);
    if (run !== null) {
      out.push(["batch", String(run.batch)]);
      out.push(["epochs", run.startEpoch === 0 ? `1…${run.epochs}` : `${run.startEpoch + 1}…${run.epochs} (resumed from ${resume ?? "a checkpoint"} after epoch ${run.startEpoch})`]);
      out.push(["seed", String(run.seed)]);
      const val = run.validation === null ? "no validation set" : `${run.validation.size} for validation`;
      out.push(["data", `${formatDataSpec(run.spec)}: ${run.train.size} training examples, ${val}`]);
      out.push(["dtype", run.model.meta.dtype]);
    }
    out.push(["nnc version", version]);
    out.push(["started", new Date(this.startedAt).toISOString()]);
    const seconds = (this.clock() - this.startClock) / 1000;
    out.push(["duration", seconds < 60 ? `${seconds.toFixed(1)} s` : `${formatDuration(seconds)} (${Math.round(seconds)} s)`]);
    return out;
  }
}
