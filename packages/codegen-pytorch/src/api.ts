/**
 * The PyTorch backend's public types. The compiler (packages/compiler/src/export.ts) fills these from
 * its stages; this package reads only the IR, the op table and the training tables (`ir`, `ops`).
 */
import type { Graph } from "@nnc/ir";
import type { DataArgs, OptimizerChoice } from "@nnc/ops";
import type { ClipSetting, MetricSetting, ScheduleSetting } from "@nnc/runtime/core";
import type { PyUnsupportedOp } from "./contract.ts";

/** The module: the forward graph of one model, parameters and buffers with their `.nn` initializers. */
export interface PyModuleInput {
  /** The `.nn` model's name (the nn.Module's class name is derived from it). */
  readonly modelName: string;
  /** The forward graph as lowered (source names, before the passes), the train section's loss included when it has one. */
  readonly graph: Graph;
  /** The model's outputs (graph output names), in order: what `forward` returns. */
  readonly outputs: readonly string[];
  /** "float32" (default) or "float64": the dtype of params and float inputs. */
  readonly dtype?: "f32" | "f64";
  /** The `.nn` file's name and text, for comments that point at source lines. */
  readonly file: string;
  readonly sourceText: string;
}

/** The train section, as the program's training loop follows it. */
export interface PyTrainInput {
  /** Id of the loss node (a graph output named `loss`). */
  readonly loss: string;
  /** The train section's extra inputs (labels, targets) in declaration order. */
  readonly trainInputs: readonly string[];
  readonly optimizer: OptimizerChoice;
  readonly schedule: ScheduleSetting;
  readonly clip: ClipSetting | null;
  /** null: the runtime's default (accuracy for a classifier); [] none. */
  readonly metrics: readonly MetricSetting[] | null;
  /** The data source and its arguments (`moons`, {n: 1000, noise: 0.1}); absent: the program requires `--data`. */
  readonly data?: { readonly source: string; readonly args: DataArgs };
  readonly batch: number;
  readonly epochs: number;
  readonly seed: number;
}

export interface PyProgramInput extends PyModuleInput {
  /** Absent for a model without a train section: the program only defines the module (and can load a checkpoint). */
  readonly train?: PyTrainInput;
  /** From the program file's folder to the `.nn` file's folder (relative, POSIX), where data paths are resolved. */
  readonly dataDir: string;
  /** nnc's version, written in the program's header. */
  readonly version: string;
}

export type PyProgramResult =
  | { readonly ok: true; readonly code: string; readonly className: string }
  | { readonly ok: false; readonly unsupported: readonly PyUnsupportedOp[] };
