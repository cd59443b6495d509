import { runInThisContext } from "node:vm";
import { batchDim, bindDims, compile, evalDim, nodeMap, tensor, toNested, type Compilation, type LoweredModel, type Tensor } from "@nnc/compiler/node";
import type { CompiledModel, FloatArray } from "@nnc/runtime";

/** The generated class also exposes its gradients by parameter name. */
type GeneratedModel = CompiledModel & { readonly grads: Readonly<Record<string, FloatArray>>; setTraining(on: boolean): void };

export interface BackendResult {
  readonly outputs: Record<string, unknown>;
  readonly loss?: number;
  readonly grads?: Record<string, unknown>;
}

export type TsClass = { readonly ok: true; readonly model: LoweredModel; readonly code: string; readonly className: string } | { readonly ok: false; readonly compilation: Compilation };

/**
 * The class `nnc compile` ships for MODEL of TEXT (js target): the same compile() call, generated from
 * the optimized graph, with the symbolic dims other than the batch fixed to the fed sizes (the batch
 * stays a run-time row count, as in the shipped program).
 */
export function shippedClass(text: string, fileName: string, model: LoweredModel, feeds: Readonly<Record<string, Tensor>>, dtype: "f32" | "f64"): TsClass {
  const dims = bindDims(model.graph, feeds);
  const batch = batchDim(model.graph);
  const fixed = Object.fromEntries(Object.entries(dims).filter(([d]) => d !== batch));
  const c = compile(text, { fileName, dtype, model: model.name, generate: "class", target: "js", dims: fixed });
  if (c.generated === undefined || c.model === undefined) return { ok: false, compilation: c };
  return { ok: true, model: c.model, code: c.generated.code, className: c.generated.className };
}

/**
 * Evaluates with the shipped class, run in this process: feeds copied into its buffers, one forward
 * pass, or one training step when gradients are wanted (outputs, loss and gradients are those before
 * its update), in inference mode (dropout off) like the interpreter.
 * Only compiler output is evaluated — never text from the feed or the `.nn` file.
 */
export function evaluateWithTs(cls: Extract<TsClass, { ok: true }>, feeds: Readonly<Record<string, Tensor>>, wantGrads: boolean): BackendResult {
  const model = cls.model;
  const dims = bindDims(model.graph, feeds);
  const batch = batchDim(model.graph);
  const Cls = runInThisContext(`(() => {\n"use strict";\n${cls.code}\nreturn ${cls.className};\n})()`) as new (maxBatch: number) => GeneratedModel;
  const rows = batch === undefined ? 1 : (dims[batch] ?? 1);
  const cm = new Cls(rows);
  // Buffers come with the feeds too (an omitted one at its initial value): the class starts with zeros.
  for (const [name, t] of Object.entries(feeds)) (cm.params[name] ?? cm.buffers?.[name] ?? cm.inputs[name])?.set(t.data);
  let loss: number | undefined;
  // Gradients of the inference-mode function (dropout off), as the interpreter computes them.
  cm.setTraining(false);
  if (wantGrads) loss = cm.trainStep(rows);
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
  const grads = wantGrads ? Object.fromEntries(Object.keys(cm.grads).map((w) => [w, shaped(w, cm.grads[w]!)])) : undefined;
  return { outputs, ...(loss === undefined ? {} : { loss }), ...(grads === undefined ? {} : { grads }) };
}
