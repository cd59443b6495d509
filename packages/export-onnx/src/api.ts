/**
 * The exporter's public types. The compiler (packages/compiler/src/export.ts) fills these from its
 * stages; this package reads only the IR, the op table and the training tables (`ir`, `ops`).
 */
import type { Graph } from "@nnc/ir";
import type { OptimizerChoice } from "@nnc/ops";
import type { ClipSetting, ScheduleSetting } from "@nnc/runtime/core";
import type { UnsupportedOp } from "./contract.ts";

/** A value for a param or buffer (row-major; the exporter converts to the stored element type). */
export interface ExportTensor {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

/** One graph input or output of an exported model, as `nnc export` reports it. */
export interface OnnxValueInfo {
  readonly name: string;
  /** "float", "double", "int32", "int64", "bool". */
  readonly elemType: string;
  /** Numbers, or the symbolic dim's name ("B"). */
  readonly shape: readonly (number | string)[];
}

export interface OnnxCommon {
  /** The `.nn` model's name (the ONNX graph's name). */
  readonly modelName: string;
  /** The element type of floats: "f32" (default) or "f64". */
  readonly dtype?: "f32" | "f64";
  /** producer_version (nnc's version). */
  readonly producerVersion: string;
  /** The graph's doc_string (the source file name and model). */
  readonly doc?: string;
  /** Every param's and buffer's value by node id (trained weights from a checkpoint, or the seeded initial values). */
  readonly values: ReadonlyMap<string, ExportTensor>;
}

/** The inference graph: the model's outputs with `training` false, weights as initializers. */
export interface OnnxInferenceInput extends OnnxCommon {
  /** The optimized forward graph (loss included or not: only `outputs` and what they need are exported). */
  readonly graph: Graph;
  /** Graph output names to export, in order (the model's outputs). */
  readonly outputs: readonly string[];
}

/**
 * The whole training step as one graph. Inputs: every param (by its id), every optimizer state
 * array (`<param>.<state>`, e.g. `W1.m`), every buffer, the batch (model and train inputs by name) and
 * `step` (int64 scalar: steps already taken, so the optimizer's t is step + 1 and the schedule's t is
 * step). Outputs: `loss`, then `<param>.new`, `<param>.<state>.new`, `<buffer>.new`. Params, state and
 * buffers are required inputs (no defaults: onnxruntime-node cannot feed an input that also has an
 * initializer); the params' and buffers' given values are stored as initializers named `<id>.init`
 * for a runtime to start from; optimizer state starts at zeros.
 */
export interface OnnxTrainStepInput extends OnnxCommon {
  /** The optimized gradient graph: forward nodes then backward nodes (GradResult.graph after passes). */
  readonly graph: Graph;
  /** param id → id of its gradient node (GradResult.grads). */
  readonly grads: Readonly<Record<string, string>>;
  /** Id of the loss node. */
  readonly loss: string;
  readonly optimizer: OptimizerChoice;
  readonly schedule: ScheduleSetting;
  readonly clip: ClipSetting | null;
  /** The run's total optimizer steps (epochs × steps per epoch): cosine and one_cycle need it. */
  readonly totalSteps: number;
}

/** An nnc op (`op`) exported as an ONNX op (`onnxOp`) that ONNX Runtime's CPU provider implements for float only. */
export interface OrtFloatOnly {
  readonly op: string;
  readonly onnxOp: string;
}

export type OnnxExportResult =
  | {
      readonly ok: true;
      readonly bytes: Uint8Array;
      readonly inputs: readonly OnnxValueInfo[];
      readonly outputs: readonly OnnxValueInfo[];
      /** Number of initializers and their total elements. */
      readonly initializers: { readonly count: number; readonly elements: number };
      readonly opset: number;
      /** The nnc ops of an f64 export whose ONNX op ONNX Runtime has no double kernel for (empty at f32). */
      readonly ortFloatOnly: readonly OrtFloatOnly[];
    }
  | { readonly ok: false; readonly unsupported: readonly UnsupportedOp[] };

/** The opset every export declares. */
export const ONNX_OPSET = 17;
