/**
 * The page's side of the analysis Worker. At most one check runs in the Worker and at most one waits
 * (the newest text: a waiting check replaced by a newer one answers null). The newest edit wins:
 * - the answer to a check that a newer one has replaced is dropped (answers null);
 * - when a newer text waits and the running check has run `restartAfterMs`, the Worker is terminated
 *   and a fresh one starts with the newer text (a 4,000-term sum is not finished before it is checked);
 * - a check that runs `giveUpAfterMs` is stopped and answered as an internal compiler error, as is a
 *   check whose Worker crashed.
 * The analysis stays in the Worker: a check answers the page's summary of it (PageAnalysis) and the
 * drawings. Everything else is asked for (`generate`, `model`, `detail`) through the same Worker,
 * naming the program by its text; these requests outlive a restart (a fresh Worker analyses the text
 * again) and each has its own give-up timer.
 */
import type { LoweredModel } from "@nnc/compiler";
import type { AnalyzeMessage, AnsweredMessage, Answers, AskKind, AskMessage, Drawings, FromAnalysisWorker, PageAnalysis, ProgramRef, ToAnalysisWorker } from "./analysis-protocol.ts";
import { browserWorker, type AnalysisWorker, type WorkerFactory } from "./analysis-worker-handle.ts";
import { crashed } from "./analysis-wire.ts";
import type { EarlyCheck } from "./early-check.ts";
import type { DetailData } from "./detail-data.ts";
import type { Generated } from "./generate.ts";
import type { Box } from "./graph-model.ts";
import type { TrainSettings } from "./settings.ts";

export { browserWorker, type AnalysisWorker, type WorkerFactory } from "./analysis-worker-handle.ts";

/** A finished check: the page's copy of the analysis and its drawings, bounded and laid out (null when there is nothing to draw). */
export interface Checked {
  readonly id: number;
  readonly analysis: PageAnalysis;
  readonly drawings: Drawings | null;
  readonly analyzeMs: number;
  readonly layoutMs: number;
}

export interface ClientOptions {
  readonly restartAfterMs?: number;
  readonly giveUpAfterMs?: number;
  readonly now?: () => number;
  /** A check started before the page loaded (early-check.ts): adopted by the first check of the same file and text. */
  readonly early?: EarlyCheck | null;
}

export const RESTART_AFTER_MS = 300;
export const GIVE_UP_AFTER_MS = 30_000;

interface Waiting {
  readonly message: AnalyzeMessage;
  readonly resolve: (c: Checked | null) => void;
}

interface Running extends Waiting {
  readonly postedAt: number;
}

/** A request other than a check: its message, and how it ends (with the Worker's answer, or a failure said in words). */
interface Asked {
  readonly message: AskMessage;
  readonly end: (answer: AnsweredMessage | { readonly failed: string }) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** What a request ends with when it gets no answer (`why`): a failure for code, nothing to show otherwise. */
function unanswered(kind: AskKind, why: string): Answers[AskKind] {
  return kind === "generate" ? { ok: false, message: why } : null;
}

export class AnalysisClient {
  private worker: AnalysisWorker | null = null;
  private running: Running | null = null;
  private waiting: Waiting | null = null;
  private readonly asked = new Map<number, Asked>();
  private nextId = 0;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private giveUpTimer: ReturnType<typeof setTimeout> | undefined;
  private last: { fileName: string; text: string; expanded: string[] } | null = null;
  private readonly restartAfterMs: number;
  private readonly giveUpAfterMs: number;
  private readonly now: () => number;
  private early: EarlyCheck | null;
  /** Workers started so far (a restart starts one more). */
  started = 0;
  /** Workers terminated mid-check because a newer text waited (restarts). */
  restarts = 0;

  constructor(
    private readonly makeWorker: WorkerFactory = browserWorker,
    options: ClientOptions = {},
  ) {
    this.restartAfterMs = options.restartAfterMs ?? RESTART_AFTER_MS;
    this.giveUpAfterMs = options.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
    this.now = options.now ?? (() => performance.now());
    this.early = options.early ?? null;
  }

  /** Whether a check is running or waiting. */
  get busy(): boolean {
    return this.running !== null || this.waiting !== null;
  }

  /** Checks `text`; answers null when a newer check replaced this one before it finished. */
  check(fileName: string, text: string): Promise<Checked | null> {
    const same = this.last !== null && this.last.fileName === fileName && this.last.text === text;
    this.last = { fileName, text, expanded: same ? this.last!.expanded : [] };
    return this.request(fileName, text, this.last.expanded);
  }

  /**
   * Checks the shown program's `text` again with the group `key` drawn box for box (answers as check
   * does); null when a newer text was sent since (its answer will replace the shown drawing anyway).
   */
  expand(key: string, text: string): Promise<Checked | null> {
    const last = this.last;
    if (last?.text !== text) return Promise.resolve(null);
    if (!last.expanded.includes(key)) last.expanded = [...last.expanded, key];
    return this.request(last.fileName, last.text, last.expanded);
  }

  /** The model class for program `p` with settings `s` (compiled in the Worker). */
  generate(p: ProgramRef, s: TrainSettings, target: "ts" | "js"): Promise<Generated> {
    return this.ask<"generate">({ type: "generate", id: ++this.nextId, fileName: p.fileName, text: p.text, settings: s, target }, "code generation");
  }

  /** The lowered model of program `p` (null when it has none). */
  model(p: ProgramRef): Promise<LoweredModel | null> {
    return this.ask<"model">({ type: "model", id: ++this.nextId, fileName: p.fileName, text: p.text }, "lowering the model");
  }

  /** What the detail pane shows for `box` of program `p`'s graphs, the params seeded with `seed`. */
  detail(p: ProgramRef, box: Box, seed: number): Promise<DetailData> {
    return this.ask<"detail">({ type: "detail", id: ++this.nextId, fileName: p.fileName, text: p.text, box, seed }, "the detail");
  }

  private ask<K extends AskKind>(message: Extract<AskMessage, { type: K }>, what: string): Promise<Answers[K]> {
    return new Promise((resolve) => {
      // Its own give-up timer: a request that never answers (with no check running to notice) still ends.
      const timer = setTimeout(() => {
        this.endAsk(message.id, { failed: `${what} took longer than ${Math.round(this.giveUpAfterMs / 1000)} s and was stopped` });
      }, this.giveUpAfterMs);
      const end = (a: AnsweredMessage | { readonly failed: string }): void => {
        // The Worker answers request `id` with its kind (analysis-worker.ts), so the result is an Answers[K].
        resolve(("failed" in a ? unanswered(message.type, a.failed) : a.result) as Answers[K]);
      };
      this.asked.set(message.id, { message, end, timer });
      this.post(message);
    });
  }

  private endAsk(id: number, answer: AnsweredMessage | { readonly failed: string }): void {
    const g = this.asked.get(id);
    if (g === undefined) return;
    this.asked.delete(id);
    clearTimeout(g.timer);
    g.end(answer);
  }

  /** Stops the Worker; waiting requests answer null (checks) or a failure (code). */
  dispose(): void {
    this.stopWorker();
    this.running?.resolve(null);
    this.waiting?.resolve(null);
    this.running = this.waiting = null;
    for (const id of [...this.asked.keys()]) this.endAsk(id, { failed: "the page stopped the compiler" });
  }

  private request(fileName: string, text: string, expanded: readonly string[]): Promise<Checked | null> {
    const early = this.early;
    this.early = null;
    if (early !== null) {
      const m = early.message;
      if (this.worker === null && this.running === null && m.fileName === fileName && m.text === text && expanded.length === 0) return this.adopt(early);
      early.drop();
    }
    const message: AnalyzeMessage = { type: "analyze", id: ++this.nextId, fileName, text, expanded: [...expanded] };
    return new Promise((resolve) => {
      this.waiting?.resolve(null);
      this.waiting = { message, resolve };
      if (this.running === null) this.startWaiting();
      else this.scheduleRestart();
    });
  }

  /** Takes over the early check's Worker with its check running (its answer is this check's). */
  private adopt(early: EarlyCheck): Promise<Checked | null> {
    return new Promise((resolve) => {
      this.started++;
      this.running = { message: early.message, resolve, postedAt: early.postedAt };
      this.worker = early.adopt(
        (msg) => {
          this.onMessage(msg);
        },
        (reason) => {
          this.onCrash(reason);
        },
      );
      this.giveUpTimer = setTimeout(() => {
        this.giveUp(early.message.id);
      }, Math.max(0, this.giveUpAfterMs - (this.now() - early.postedAt)));
    });
  }

  private post(m: ToAnalysisWorker): void {
    if (this.worker === null) {
      this.started++;
      this.worker = this.makeWorker(
        (msg) => {
          this.onMessage(msg);
        },
        (reason) => {
          this.onCrash(reason);
        },
      );
    }
    this.worker.post(m);
  }

  private startWaiting(): void {
    const w = this.waiting;
    if (w === null) return;
    this.waiting = null;
    this.running = { ...w, postedAt: this.now() };
    this.post(w.message);
    clearTimeout(this.giveUpTimer);
    this.giveUpTimer = setTimeout(() => {
      this.giveUp(w.message.id);
    }, this.giveUpAfterMs);
  }

  private scheduleRestart(): void {
    const r = this.running;
    if (r === null) return;
    const left = this.restartAfterMs - (this.now() - r.postedAt);
    clearTimeout(this.restartTimer);
    if (left <= 0) {
      this.restart();
      return;
    }
    this.restartTimer = setTimeout(() => {
      if (this.running?.message.id === r.message.id && this.waiting !== null) this.restart();
    }, left);
  }

  /** Terminates the Worker (its running check answers null) and runs the waiting check in a fresh one. */
  private restart(): void {
    this.restarts++;
    this.running?.resolve(null);
    this.running = null;
    this.stopWorker();
    // The newest check first: a fresh Worker answers in order, so code requests wait behind it, not it behind them.
    this.startWaiting();
    this.repostAsked();
  }

  private repostAsked(): void {
    for (const g of this.asked.values()) this.post(g.message);
  }

  private stopWorker(): void {
    clearTimeout(this.restartTimer);
    clearTimeout(this.giveUpTimer);
    this.worker?.terminate();
    this.worker = null;
  }

  /** Ends the running check with an internal compiler error (or null when a newer one waits), then runs the waiting one. */
  private fail(reason: string): void {
    const r = this.running;
    this.running = null;
    if (r !== null) {
      const { fileName, text } = r.message;
      r.resolve(this.waiting !== null ? null : { id: r.message.id, analysis: crashed(r.message.id, fileName, text, reason), drawings: null, analyzeMs: this.now() - r.postedAt, layoutMs: 0 });
    }
    this.startWaiting();
  }

  private giveUp(id: number): void {
    if (this.running?.message.id !== id) return;
    this.stopWorker();
    this.fail(`the check took longer than ${Math.round(this.giveUpAfterMs / 1000)} s and was stopped`);
    this.repostAsked();
  }

  private onCrash(reason: string): void {
    this.stopWorker();
    for (const id of [...this.asked.keys()]) this.endAsk(id, { failed: `code generation failed: ${reason}` });
    this.fail(reason);
  }

  private onMessage(m: FromAnalysisWorker): void {
    if (m.type === "answered") {
      this.endAsk(m.id, m);
      return;
    }
    const r = this.running;
    if (r === null || r.message.id !== m.id) return;
    clearTimeout(this.restartTimer);
    clearTimeout(this.giveUpTimer);
    this.running = null;
    if (this.waiting !== null) r.resolve(null);
    else r.resolve({ id: m.id, analysis: m.analysis, drawings: m.drawings, analyzeMs: m.analyzeMs, layoutMs: m.layoutMs });
    this.startWaiting();
  }
}
