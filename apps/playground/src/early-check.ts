/**
 * The check of a share link's program, started by the page's first script (boot.ts) before the rest
 * of the page has loaded: the analysis Worker compiles the program while the page's own scripts load
 * and run (two cores at work instead of one after the other). The page's AnalysisClient adopts the
 * Worker and its running check when its first check is of the same file and text; otherwise it
 * terminates it. Nothing in the link runs: its text goes to the Worker as an edit's would, in the
 * Worker's name (early-request.ts: a message would wait for the page's thread to hand it over).
 */
import type { AnalyzeMessage, FromAnalysisWorker } from "./analysis-protocol.ts";
import { handleOf, spawnAnalysisWorker, type AnalysisWorker } from "./analysis-worker-handle.ts";
import { earlyName } from "./early-request.ts";
import { exampleForShare } from "./examples.ts";
import { sharedProgram } from "./share-link.ts";

/** The id of the early check's message: below every id the client gives (they count up from 1). */
export const EARLY_ID = -1;

export interface EarlyCheck {
  readonly message: AnalyzeMessage;
  /** performance.now() when its Worker was started. */
  readonly postedAt: number;
  /** The Worker's handle, its messages (those that came before too) going to `onMessage` and `onError` from now on. */
  adopt(onMessage: (m: FromAnalysisWorker) => void, onError: (message: string) => void): AnalysisWorker;
  /** Stops the Worker (the page checks something else first). */
  drop(): void;
}

let started: EarlyCheck | null = null;

/** Starts the check of the program in share link `hash` (none when the hash holds no program). */
export function startEarlyCheck(hash: string): void {
  const shared = sharedProgram(hash);
  if (shared === null) return;
  const message: AnalyzeMessage = { type: "analyze", id: EARLY_ID, fileName: exampleForShare(shared.example).file, text: shared.source, expanded: [] };
  const worker = spawnAnalysisWorker(earlyName(message));
  // Messages and errors before the page adopts the Worker wait here, in order.
  const early: (["message", MessageEvent] | ["error", ErrorEvent])[] = [];
  worker.onmessage = (e) => early.push(["message", e]);
  worker.onerror = (e) => {
    e.preventDefault();
    early.push(["error", e]);
  };
  started = {
    message,
    postedAt: performance.now(),
    adopt: (onMessage, onError) => {
      const handle = handleOf(worker, onMessage, onError);
      // After the adopting call has returned (its client holds the handle), before the Worker's next message.
      queueMicrotask(() => {
        for (const [kind, e] of early.splice(0)) {
          if (kind === "message") worker.onmessage?.call(worker, e);
          else worker.onerror?.call(worker, e);
        }
      });
      return handle;
    },
    drop: () => {
      worker.terminate();
    },
  };
}

/** The early check, once: the client that takes it owns its Worker. */
export function takeEarlyCheck(): EarlyCheck | null {
  const e = started;
  started = null;
  return e;
}
