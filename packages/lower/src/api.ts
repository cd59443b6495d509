/** The public result types of checking and lowering a program. */
import type { Span } from "@nnc/diagnostics";
import type { Graph } from "@nnc/ir";
import type { OptimizerChoice } from "@nnc/ops";
import type { ClipSetting, MetricSetting, ScheduleSetting } from "@nnc/runtime/core";

/** The optimizer of a train section: kind, every argument by name (lr is `args.lr`), decay_all, where it is written. */
export interface TrainOptimizer extends OptimizerChoice {
  readonly span: Span;
}

/**
 * `data = moons(n = 1000, noise = 0.1)` → source "moons", args {n: 1000, noise: 0.1}. Positional
 * arguments are keyed by their index ("0", "1", …); `data = "file.csv"` is source "file", args {path}.
 */
export interface DataSpec {
  readonly source: string;
  readonly args: Readonly<Record<string, number | string>>;
  readonly span: Span;
}

export interface TrainInfo {
  /** Id of the loss node in the model's graph (a float scalar). */
  readonly loss: string;
  /** Ids (= names) of the `input` nodes with role "train", in declaration order. */
  readonly trainInputs: readonly string[];
  readonly optimizer: TrainOptimizer;
  /** `constant()` when the section has none. */
  readonly schedule: ScheduleSetting;
  /** null: no clipping. */
  readonly clip: ClipSetting | null;
  /** null: not written (the runtime's default: accuracy for a classifier); [] reports none. */
  readonly metrics: readonly MetricSetting[] | null;
  readonly data?: DataSpec;
  readonly batch?: number;
  readonly epochs?: number;
  readonly seed?: number;
  readonly span: Span;
}

export interface LoweredModel {
  readonly name: string;
  readonly graph: Graph;
  readonly train?: TrainInfo;
  readonly span: Span;
}

/**
 * Options of checking. Plain data only (strings, numbers, booleans): the compiler's checkSource keys
 * its memo of the last check on their JSON (packages/compiler/src/check.ts rejects other fields at
 * compile time).
 */
export interface CheckOptions {
  /** "f64" turns every f32 of the program into f64 (for gradient checking). */
  readonly dtype?: "f32" | "f64";
}
