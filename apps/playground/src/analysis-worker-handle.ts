/**
 * The browser's analysis Worker (analysis-worker.ts as a module Worker, bundled by vite from the
 * `new URL` below) and the page's handle on it. Kept apart from analysis-client.ts so the page's
 * first script (boot.ts, early-check.ts) can start the Worker before the rest of the page has loaded.
 */
import type { FromAnalysisWorker, ToAnalysisWorker } from "./analysis-protocol.ts";

export interface AnalysisWorker {
  post(message: ToAnalysisWorker): void;
  terminate(): void;
}

export type WorkerFactory = (onMessage: (m: FromAnalysisWorker) => void, onError: (message: string) => void) => AnalysisWorker;

/**
 * A fresh analysis Worker, its messages not yet listened to. `name` (the Worker's global `name`) may
 * carry its first request (earlyName): the Worker reads it as its module is evaluated.
 */
export const spawnAnalysisWorker = (name = ""): Worker => new Worker(new URL("./analysis-worker.ts", import.meta.url), { type: "module", name });

/** The handle on Worker `w`: its messages go to `onMessage` (timed as nnc:receive), its errors to `onError`. */
export function handleOf(w: Worker, onMessage: (m: FromAnalysisWorker) => void, onError: (message: string) => void): AnalysisWorker {
  w.onmessage = (e: MessageEvent<FromAnalysisWorker>) => {
    // Chromium deserializes a message's structured clone when `data` is first read: measured as nnc:receive.
    const start = performance.now();
    const data = e.data;
    performance.measure("nnc:receive", { start, end: performance.now() });
    onMessage(data);
  };
  w.onerror = (e) => {
    e.preventDefault();
    // Chromium prefixes the message of an error thrown in a worker with "Uncaught ".
    const message = e.message.replace(/^Uncaught /, "");
    onError(message === "" ? "the analysis worker stopped" : message);
  };
  return {
    post: (m) => {
      w.postMessage(m);
    },
    terminate: () => {
      w.terminate();
    },
  };
}

/** The module Worker of analysis-worker.ts, one per call. */
export const browserWorker: WorkerFactory = (onMessage, onError) => handleOf(spawnAnalysisWorker(), onMessage, onError);
