import { runInThisContext } from "node:vm";
import type { GradResult } from "@nnc/autodiff";
import { generateModel } from "@nnc/codegen-ts";
import { evalDim, nodeMap, specializeDims, type Graph } from "@nnc/ir";
import { batchDim } from "@nnc/compiler";
import { bindDims, toNested } from "@nnc/interp";
import type { LoweredModel } from "@nnc/lower";
import { tensor, type Tensor } from "@nnc/ops";
import type { CompiledModel, FloatArray } from "@nnc/runtime";

/** The generated class also exposes its gradients by parameter name. */
type GeneratedModel = CompiledModel & { readonly grads: Readonly<Record<string, FloatArray>>; setTraining(on: boolean): void };

export interface BackendResult {
  readonly outputs: Record<string, unknown>;
  readonly loss?: number;
  readonly grads?: Record<string, unknown>;
}

/**
 * Evaluates with the code `nnc compile` generates (js target, run in this process): feeds copied into
 * its buffers, one forward pass, or one training step without an optimizer when gradients are wanted,
 * in inference mode (dropout off) like the interpreter.
 * Only compiler output is evaluated — never text from the feed or the `.nn` file.
 */
export function evaluateWithTs(model: LoweredModel, grad: GradResult | undefined, feeds: Readonly<Record<string, Tensor>>, dtype: "f32" | "f64"): BackendResult {
  const dims = bindDims(grad?.graph ?? model.graph, feeds);
  // Generated code keeps one symbolic dim (the batch) as a run-time row count; the others are fixed
  // to the fed sizes before generating.
  const batch = batchDim(model.graph);
  const fixed = Object.fromEntries(Object.entries(dims).filter(([d]) => d !== batch));
  const special = (g: Graph): Graph => (Object.keys(fixed).length === 0 ? g : specializeDims(g, fixed));
  const specialModel = { ...model, graph: special(model.graph) };
  const specialGrad = grad === undefined ? null : { ...grad, graph: special(grad.graph) };
  const gen = generateModel({ model: specialModel, grad: specialGrad, optimizer: null, dtype, target: "js", source: { file: model.span.file } });
  const Cls = runInThisContext(`(() => {\n"use strict";\n${gen.code}\nreturn ${gen.className};\n})()`) as new (maxBatch: number) => GeneratedModel;
  const rows = batch === undefined ? 1 : (dims[batch] ?? 1);
  const cm = new Cls(rows);
  for (const [name, t] of Object.entries(feeds)) (cm.params[name] ?? cm.inputs[name])?.set(t.data);
  let loss: number | undefined;
  // Gradients of the inference-mode function (dropout off), as the interpreter computes them.
  cm.setTraining(false);
  if (grad !== undefined) loss = cm.trainStep(rows);
  else {
    cm.forward(rows);
    if (model.train !== undefined) loss = cm.evalLoss(rows);
  }
  const byId = nodeMap(model.graph);
  const shaped = (id: string, data: ArrayLike<number>): unknown => {
    const shape = byId.get(id)!.type.shape.map((d) => evalDim(d, dims) ?? 1);
    const size = shape.reduce((a, b) => a * b, 1);
    return toNested(tensor(shape, Array.from(data).slice(0, size)));
  };
  const outputs = Object.fromEntries(model.graph.outputs.map((o) => [o.name, shaped(o.id, cm.outputs[o.name]!)]));
  const grads = grad === undefined ? undefined : Object.fromEntries(Object.keys(grad.grads).map((w) => [w, shaped(w, cm.grads[w]!)]));
  return { outputs, ...(loss === undefined ? {} : { loss }), ...(grads === undefined ? {} : { grads }) };
}

