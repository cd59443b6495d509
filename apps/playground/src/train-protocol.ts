/** Messages between the page and the training Worker. The Worker only ever runs compiler output. */
import type { PagePlan } from "./page-trainer.ts";

export interface LoadMessage {
  readonly type: "load";
  /** The page's count of loads; every message the Worker posts after handling this one carries it. */
  readonly load: number;
  readonly plan: PagePlan;
  /** Same-origin URLs of the digits and names assets (each fetched only for the models that train on it). */
  readonly digitsUrl: string;
  readonly namesUrl: string;
}

/** Steps per frame (a frame is 1/60 s); `MAX_SPEED` runs as fast as the machine allows. */
export const MAX_SPEED = 0;
export const SPEEDS: readonly number[] = [1, 2, 5, 10, 25, 100, MAX_SPEED];
export const DEFAULT_SPEED = 10;

/** Tensors the Worker returns: shape[0] is the row count for forward values. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export type InspectRows =
  /** `count` rows of the model inputs, by input name, row-major. */
  | { readonly kind: "inputs"; readonly count: number; readonly inputs: Readonly<Record<string, Float32Array | Int32Array>> }
  /** The first `limit` rows of the bound test (validation) set; its labels and inputs come back too. */
  | { readonly kind: "test"; readonly limit: number };

/** Forward values of chosen nodes (lowered node ids or output names) with the current parameters. */
export interface InspectMessage {
  readonly type: "inspect";
  readonly id: number;
  readonly rows: InspectRows;
  readonly nodes: readonly string[];
  /** Parameter names to return; [] for none. */
  readonly params: readonly string[];
}

export type Inspected =
  | {
      readonly type: "inspected";
      readonly id: number;
      /** Optimizer steps taken when the values were computed. */
      readonly step: number;
      readonly count: number;
      readonly values: Readonly<Record<string, Tensor>>;
      readonly params: Readonly<Record<string, Tensor>>;
      /** Only for rows of the test set: their labels and model inputs. */
      readonly labels?: Int32Array;
      readonly inputs?: Readonly<Record<string, Float32Array | Int32Array>>;
    }
  | { readonly type: "inspected"; readonly id: number; readonly error: string };

/** Sampled text from a char model (the runtime's own sampler). */
export interface SampleMessage {
  readonly type: "sample";
  readonly id: number;
  readonly count: number;
  readonly temperature: number;
  readonly seed: number;
}

export type Sampled = { readonly type: "sampled"; readonly id: number; readonly step: number; readonly texts: readonly string[] } | { readonly type: "sampled"; readonly id: number; readonly error: string };

export type ToWorker =
  | LoadMessage
  | { readonly type: "run" }
  | { readonly type: "pause" }
  | { readonly type: "step" }
  | { readonly type: "lr"; readonly lr: number }
  /** Steps per frame while running (MAX_SPEED: no pacing). */
  | { readonly type: "speed"; readonly steps: number }
  | InspectMessage
  | SampleMessage;

export interface Progress {
  readonly type: "progress";
  readonly step: number;
  /** Epochs completed, of `epochs`. */
  readonly epoch: number;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** Every step's training-batch loss since the previous report, oldest first (steps step − length + 1 … step). */
  readonly losses: Float32Array;
  /** Mean training-batch loss since the previous report (the last report's when no step ran since). */
  readonly loss: number;
  /** The step at which the test loss and accuracies were measured (they are measured a few times a second). */
  readonly evalStep: number;
  /** Test loss and accuracy are of the first `testRows` of the `testSize` test examples. */
  readonly testLoss: number;
  readonly testAccuracy: number;
  readonly testRows: number;
  readonly testSize: number;
  /** Train accuracy is of the first `trainRows` of the `trainSize` training examples. */
  readonly trainAccuracy: number;
  readonly trainRows: number;
  readonly trainSize: number;
  /** Optimizer steps per second while running, measured in the Worker over about the last second (0 when paused). */
  readonly stepsPerSecond: number;
}

export type FromWorker =
  | {
      readonly type: "ready";
      readonly trainSize: number;
      readonly testSize: number;
      readonly classes: number;
      /** Whether the model's matrix products take relaxed SIMD (fused multiply-add) in this browser (@nnc/runtime's takesRelaxedSimd). */
      readonly relaxedSimd: boolean;
      /** For 2-D sets: the points (x, y interleaved) and labels, train then test. */
      readonly points: Float32Array;
      readonly labels: Int32Array;
    }
  | Progress
  | { readonly type: "surface"; readonly res: number; readonly lo: number; readonly hi: number; readonly cls: Uint8Array; readonly conf: Float32Array }
  | { readonly type: "stopped"; readonly reason: "paused" | "done" | "diverged" | "error"; readonly message: string }
  | Inspected
  | Sampled;

/**
 * What the Worker posts: a FromWorker stamped with the `load` of the last LoadMessage it handled (0
 * before any), so the page can drop what an older load's run posted before the Worker saw the new load.
 */
export type Stamped = FromWorker & { readonly load: number };

/** Examples of each set the running measurements read: the first EVAL_ROWS test and the first EVAL_ROWS training examples. */
export const EVAL_ROWS = 500;

/** The square of the plane the 2-D sets live in, as drawn. */
export const PLANE = { lo: -1.6, hi: 1.6 } as const;
