import { dimToString, graphBuffers, graphInputs, graphParams, nodeMap, type Dim, type Graph, type Node } from "@nnc/ir";
import type { LoweredModel } from "@nnc/lower";

/** A tensor as `nnc check --json` prints it: symbolic dims as strings. */
export interface TensorJson {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly (number | string)[];
}

export interface ModelSummary {
  readonly name: string;
  readonly inputs: readonly TensorJson[];
  readonly outputs: readonly TensorJson[];
  readonly params: readonly TensorJson[];
  /** Inputs only the train section's loss uses (labels, targets). */
  readonly trainInputs: readonly TensorJson[];
  /** Non-trainable state (`buffer`), and whether a `next` updates it; absent when the model has none. */
  readonly buffers?: readonly BufferJson[];
}

export interface BufferJson extends TensorJson {
  /** True when a `next` statement gives it a value after each training step; false: a constant. */
  readonly updated: boolean;
}

function dimJson(d: Dim): number | string {
  return typeof d === "number" ? d : dimToString(d);
}

function tensorJson(name: string, n: Node): TensorJson {
  return { name, dtype: n.type.dtype, shape: n.type.shape.map(dimJson) };
}

function inputsWithRole(g: Graph, role: string): TensorJson[] {
  return graphInputs(g)
    .filter((n) => n.attrs["role"] === role)
    .map((n) => tensorJson(n.id, n));
}

export function summarize(model: LoweredModel): ModelSummary {
  const g = model.graph;
  const byId = nodeMap(g);
  return {
    name: model.name,
    inputs: inputsWithRole(g, "model"),
    outputs: g.outputs.map((o) => tensorJson(o.name, byId.get(o.id)!)),
    params: graphParams(g).map((n) => tensorJson(n.id, n)),
    trainInputs: inputsWithRole(g, "train"),
    ...buffersOf(g),
  };
}

function buffersOf(g: Graph): { buffers?: BufferJson[] } {
  const updated = new Set((g.updates ?? []).map((u) => u.buffer));
  const buffers = graphBuffers(g).map((n) => ({ ...tensorJson(n.id, n), updated: updated.has(n.id) }));
  return buffers.length === 0 ? {} : { buffers };
}
