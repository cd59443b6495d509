/**
 * The generate stage: the model class from the optimized graph, as plain data for codegen-ts (which
 * imports no pass that produced it). Every class nnc emits — `nnc compile`, `nnc train`, `nnc eval
 * --backend ts`, the playground's Code tab, the bench, `nnc check`'s memory plan — is made here.
 */
import type { GradResult } from "@nnc/autodiff";
import { generateModel, type CodegenInput, type GeneratedModel } from "@nnc/codegen-ts";
import type { Graph } from "@nnc/ir";
import type { LoweredModel } from "@nnc/lower";
import type { ExplainedValue } from "./explanation.ts";

export interface ClassOptions {
  readonly dtype: "f32" | "f64";
  readonly target: "ts" | "js";
  /** The `.nn` file as named in comments. */
  readonly file: string;
  /** Top-level names of the program the class goes into. */
  readonly reserved?: readonly string[];
  /** Threads for the generated class's large kernels (codegen's GenerateOptions.threads). */
  readonly threads?: number;
}

/**
 * What codegen reads for a training class when `optimized` is the loss gradient with respect to every
 * param of a model with a train section; else for a prediction class from `forward` (loss evaluation
 * included when the model has one).
 */
export function classInput(model: LoweredModel, optimized: GradResult | undefined, forward: Graph, explanation: readonly ExplainedValue[], o: ClassOptions): CodegenInput {
  const t = model.train;
  const graph = optimized?.graph ?? forward;
  const input: CodegenInput = {
    name: model.name,
    graph,
    outputs: model.graph.outputs,
    loss: t === undefined ? null : t.loss,
    grads: optimized?.grads ?? {},
    train: t === undefined || optimized === undefined ? null : { update: { optimizer: t.optimizer, clip: t.clip }, lr: Number(t.optimizer.args["lr"]) },
    // Only statements of nodes in the graph annotate code (an alias names a forward value's node).
    explanation: explanation.filter((e) => e.alias === undefined),
    dtype: o.dtype,
    target: o.target,
    source: { file: o.file },
    ...(o.reserved === undefined ? {} : { reserved: o.reserved }),
  };
  return input;
}

export function buildClass(model: LoweredModel, optimized: GradResult | undefined, forward: Graph, explanation: readonly ExplainedValue[], o: ClassOptions): GeneratedModel {
  return generateModel(classInput(model, optimized, forward, explanation, o), o.threads === undefined ? {} : { threads: o.threads });
}
