/** Messages between the page and the training Worker. The Worker only ever runs compiler output. */
import type { PagePlan } from "./page-trainer.ts";

export interface LoadMessage {
  readonly type: "load";
  readonly plan: PagePlan;
  /** Same-origin URL of the digits asset (only fetched for digits models). */
  readonly digitsUrl: string;
}

export type ToWorker = LoadMessage | { readonly type: "run" } | { readonly type: "pause" } | { readonly type: "step" } | { readonly type: "lr"; readonly lr: number };

export interface Progress {
  readonly type: "progress";
  readonly step: number;
  /** Epochs completed. */
  readonly epoch: number;
  /** Mean training-batch loss since the previous report. */
  readonly loss: number;
  readonly testLoss: number;
  readonly testAccuracy: number;
  readonly trainAccuracy: number;
}

export type FromWorker =
  | {
      readonly type: "ready";
      readonly trainSize: number;
      readonly testSize: number;
      readonly classes: number;
      /** For 2-D sets: the points (x, y interleaved) and labels, train then test. */
      readonly points: Float32Array;
      readonly labels: Int32Array;
    }
  | Progress
  | { readonly type: "surface"; readonly res: number; readonly lo: number; readonly hi: number; readonly cls: Uint8Array; readonly conf: Float32Array }
  | { readonly type: "stopped"; readonly reason: "paused" | "done" | "diverged" | "error"; readonly message: string };

/** The square of the plane the 2-D sets live in, as drawn. */
export const PLANE = { lo: -1.6, hi: 1.6 } as const;
