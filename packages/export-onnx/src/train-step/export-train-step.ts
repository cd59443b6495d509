/**
 * `--train-step`: forward, nnc's explicit backward (the optimized gradient graph), clipping, the
 * optimizer update and the buffer updates as one ONNX graph (the contract is OnnxTrainStepInput in
 * api.ts). The tables (ONNX_OPTIMIZERS, ONNX_SCHEDULES, ONNX_CLIPS) hold every per-kind rule; this
 * driver only wires inputs, state and outputs.
 *
 * Dropout in the step draws its masks with ONNX's RandomUniformLike (OnnxEmit.training), not nnc's
 * random stream, so a step with dropout matches `nnc train` in distribution only. Unlike nnc's
 * trainStep, the graph does not skip an update whose loss or gradient is not finite.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { graphBuffers, graphParams, type Graph, type Node } from "@nnc/ir";
import type { OnnxExportResult, OnnxTrainStepInput } from "../api.ts";
import type { OnnxDType } from "../contract.ts";
import type { OnnxBuilder } from "../emit.ts";
import { translateGraph } from "../graph.ts";
import { encodeModel } from "../model.ts";
import { emitUpdate } from "./update.ts";

/**
 * The graph input holding the number of steps already taken (int64 scalar) and the loss output;
 * `train.step` / `train.loss` when a model input, param or buffer has that name (a dotted name no
 * `.nn` input takes, and no param path: `train` is a keyword).
 */
export const STEP_INPUT = "step";
export const LOSS_OUTPUT = "loss";

/** `name`, or `train.<name>` when a graph input or state node has it. */
function freeName(graph: Graph, name: string): string {
  return graph.nodes.some((n) => (n.op === "input" || n.op === "param" || n.op === "buffer") && n.id === name) ? `train.${name}` : name;
}

/** The initializer holding a param's or buffer's starting value (`W1.init`). */
export const initName = (id: string): string => `${id}.init`;

/** The name of the next value of an input (`W1.new`, `W1.m.new`, `bn.mean_run.new`). */
export const newName = (name: string): string => `${name}.new`;

export function exportTrainStep(input: OnnxTrainStepInput): OnnxExportResult {
  const { graph } = input;
  const dtype = input.dtype ?? "f32";
  const params = graphParams(graph);
  const buffers = graphBuffers(graph);
  const updates = graph.updates ?? [];
  const gradIds = params.flatMap((p) => (Object.hasOwn(input.grads, p.id) ? [input.grads[p.id]!] : []));
  const draft = translateGraph(graph, {
    training: true,
    dtype,
    values: input.values,
    outputs: [{ name: freeName(graph, LOSS_OUTPUT), id: input.loss }],
    stateInputs: [...params, ...buffers].map((n) => n.id),
    keep: [...params.map((n) => n.id), ...buffers.map((n) => n.id), ...gradIds, ...updates.map((u) => u.value)],
  });
  if (draft.unsupported.length > 0) return encodeModel(draft, meta(input));
  const { e, names } = draft;
  startValuesAside(e, [...params, ...buffers].map((n) => n.id));
  const value = (id: string): string => {
    const v = names.get(id);
    if (v === undefined) throw new InternalCompilerError(`the IR value '${id}' was not translated`);
    return v;
  };

  const grad = (p: Node): string => (Object.hasOwn(input.grads, p.id) ? value(input.grads[p.id]!) : zerosLike(e, p));
  const step = e.input(freeName(graph, STEP_INPUT), "i64", []);
  const results = emitUpdate(e, input, step, params.map((p) => ({ id: p.id, w: value(p.id), g: grad(p), shape: p.type.shape })));
  params.forEach((p, i) => {
    e.output(newName(p.id), results[i]!.w, e.float, p.type.shape);
  });
  params.forEach((p, i) => {
    for (const st of results[i]!.state) e.output(newName(st.name), st.value, e.float, p.type.shape);
  });
  // A buffer without a `next` statement passes through, so every state input has a `.new` output.
  const next = new Map(updates.map((u) => [u.buffer, u.value]));
  for (const b of buffers) {
    const dt: OnnxDType = e.dtypeOf(b.type);
    const upd = next.get(b.id);
    e.output(newName(b.id), upd === undefined ? value(b.id) : value(upd), dt, b.type.shape);
  }
  return encodeModel(draft, meta(input));
}

/**
 * onnxruntime-node feeds only the inputs without an initializer (a graph input that has one is
 * silently read from the initializer), so the state inputs carry no default: their values (seeded or
 * from a checkpoint) are kept as initializers named `<id>.init` that no node reads, for a runtime to
 * start from (optimizer state starts at zeros).
 */
function startValuesAside(e: OnnxBuilder, ids: readonly string[]): void {
  const set = new Set(ids);
  for (let i = 0; i < e.initializers.length; i++) {
    const rec = e.initializers[i]!;
    if (set.has(rec.name)) e.initializers[i] = { ...rec, name: e.reserve(initName(rec.name)) };
  }
}

/** Zeros of a param's shape: the gradient of a param the loss does not depend on. */
function zerosLike(e: OnnxBuilder, p: Node): string {
  return e.op("Expand", [e.scalar(e.float, 0), e.shape(p.type.shape)]);
}

function meta(input: OnnxTrainStepInput): { modelName: string; producerVersion: string; doc?: string } {
  return { modelName: input.modelName, producerVersion: input.producerVersion, ...(input.doc === undefined ? {} : { doc: input.doc }) };
}


