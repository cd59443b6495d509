/**
 * The inference export: the model's outputs with `training` false (dropout masks are ones, buffers
 * such as running statistics are read as values), every param and buffer an initializer.
 */
import type { OnnxExportResult, OnnxInferenceInput } from "./api.ts";
import { translateGraph } from "./graph.ts";
import { encodeModel } from "./model.ts";

export function exportInference(input: OnnxInferenceInput): OnnxExportResult {
  const byName = new Map(input.graph.outputs.map((o) => [o.name, o.id]));
  const outputs = input.outputs.map((name) => ({ name, id: byName.get(name) ?? name }));
  const draft = translateGraph(input.graph, { training: false, dtype: input.dtype ?? "f32", values: input.values, outputs });
  return encodeModel(draft, { modelName: input.modelName, producerVersion: input.producerVersion, ...(input.doc === undefined ? {} : { doc: input.doc }) });
}
