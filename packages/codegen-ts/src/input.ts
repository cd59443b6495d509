/**
 * What codegen reads: plain data the compiler builds from its stages (codegen imports no pass that
 * produced them). The graph is the optimized one; every id below names a node of it.
 */
import type { Graph, GraphOutput } from "@nnc/ir";
import type { MemoryTensor } from "@nnc/runtime";
import type { UpdateSettings } from "@nnc/ops";

/** One backward value's explanation; autodiff's ExplainedStmt has this shape. */
export interface ExplainedValue {
  readonly id: string;
  /** `matmul.vjp.1`, `seed`, `fanout`, … */
  readonly rule: string;
  /** `dW1 = xᵀ·dh`, with the program's names. */
  readonly formula: string;
  /** The forward value the rule differentiates. */
  readonly forward: string;
  /** 1-based `.nn` line. */
  readonly line?: number;
}

export interface CodegenTrain {
  /** The optimizer (with decayAll) and clipping the update is generated from (TrainInfo is one). */
  readonly update: UpdateSettings;
  /** The learning rate until setLearningRate (the runtime's schedule) changes it. */
  readonly lr: number;
}

export interface CodegenInput {
  readonly name: string;
  /** Forward and (when training) backward nodes, after the optimisation passes. */
  readonly graph: Graph;
  /** The model's outputs (the forward graph's), in signature order. */
  readonly outputs: readonly GraphOutput[];
  /** The loss value, or null: no evalLoss/trainStep. */
  readonly loss: string | null;
  /** Gradient value by wrt id (params, or other values); empty: no backward pass. */
  readonly grads: Readonly<Record<string, string>>;
  /** Null: trainStep computes the loss and gradients without updating anything. */
  readonly train: CodegenTrain | null;
  readonly explanation: readonly ExplainedValue[];
  readonly dtype: "f32" | "f64";
  readonly target: "ts" | "js";
  readonly source: { readonly file: string };
  /**
   * Top-level names of the program the class is placed in (the runtime's, its imports): the class
   * takes none of them (`model DataError` becomes class `DataError_2`).
   */
  readonly reserved?: readonly string[];
}

export interface GeneratedModel {
  readonly code: string;
  readonly className: string;
  /** The arrays the class allocates, as polynomials in the batch size (memory.ts). */
  readonly memory: readonly MemoryTensor[];
}
