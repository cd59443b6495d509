/**
 * Test support for the exported training step (issue 13, item 2): a `.nn` program compiled (f32 or f64)
 * to nnc's own training class and exported with `exportTrainStep` from the same compilation and the
 * same initial values; both then take the same steps on the same seeded batches.
 */
import { runInThisContext } from "node:vm";
import { compile, type Compilation, type TrainInfo } from "@nnc/compiler";
import { exportTrainStep, newName, stateName, type ExportTensor } from "@nnc/export-onnx";
import { OPTIMIZERS } from "@nnc/ops";
import type { CompiledModel, FloatArray } from "@nnc/runtime";
import { learningRate } from "@nnc/runtime/core";
import * as ort from "onnxruntime-node";

/** The generated class instance after `initParams(seed)`. */
type ModelClass = new (maxBatch: number) => CompiledModel;

export interface StepCase {
  readonly model: CompiledModel;
  readonly train: TrainInfo;
  readonly session: ort.InferenceSession;
  /** The state inputs the session is fed (params, optimizer state, buffers) and their current values. */
  readonly state: Map<string, { data: Float32Array | Float64Array | Int32Array | Uint8Array; shape: number[]; type: ort.Tensor.Type }>;
  /** The float type of the export and of the class. */
  readonly float: FloatKind;
  readonly totalSteps: number;
  /** ONNX output names in order. */
  readonly outputs: readonly string[];
  /** The int64 step input's name (`step`, or `train.step` when the model has an input `step`). */
  readonly stepInput: string;
}

type FloatKind = "f32" | "f64";
const ORT_FLOAT = { f32: "float32", f64: "float64" } as const satisfies Record<FloatKind, ort.Tensor.Type>;
const floatArray = (dtype: FloatKind, data: ArrayLike<number>): Float32Array | Float64Array => (dtype === "f32" ? Float32Array.from(data) : Float64Array.from(data));

/** A compilation at `dtype` to the js training class, failing on any error. */
export function compiled(text: string, dtype: FloatKind): Compilation & { model: NonNullable<Compilation["model"]> } {
  const c = compile(text, { fileName: "step.nn", dtype, generate: "class", target: "js" });
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || c.generated === undefined || c.model?.train === undefined || c.optimized === undefined) {
    throw new Error(`the program did not compile:\n${errors.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  }
  return c as Compilation & { model: NonNullable<Compilation["model"]> };
}

const isInt = (a: unknown): a is Int32Array => a instanceof Int32Array;

/** Compiles `text`, instantiates the class (params and buffers from `seed`) and exports its step from the same values. */
export async function stepCase(text: string, maxBatch: number, totalSteps: number, dtype: FloatKind = "f32", seed = 3): Promise<StepCase> {
  const c = compiled(text, dtype);
  const train = c.model.train!;
  const { code, className } = c.generated!;
  const Cls = runInThisContext(`(() => {\n"use strict";\n${code}\nreturn ${className};\n})()`) as ModelClass;
  const model = new Cls(maxBatch);
  model.initParams(seed);
  const values = new Map<string, ExportTensor>();
  const state: StepCase["state"] = new Map();
  const shapeOf = new Map(c.model.graph.nodes.map((n) => [n.id, n.type.shape.map((d) => (typeof d === "number" ? d : Number.NaN))]));
  const groups: Readonly<Record<string, ArrayLike<number>>>[] = [model.params, model.buffers ?? {}];
  for (const group of groups) {
    for (const [name, data] of Object.entries(group)) {
      const shape = shapeOf.get(name);
      if (shape === undefined) throw new Error(`no graph node for '${name}'`);
      values.set(name, { shape, data: Float64Array.from(data) });
      if (isInt(data)) state.set(name, { data: Int32Array.from(data), shape, type: "int32" });
      else if (data instanceof Uint8Array) state.set(name, { data: Uint8Array.from(data), shape, type: "bool" });
      else state.set(name, { data: floatArray(dtype, data), shape, type: ORT_FLOAT[dtype] });
    }
  }
  const optimized = c.optimized!;
  const result = exportTrainStep({
    modelName: c.model.name,
    producerVersion: "test",
    dtype,
    values,
    graph: optimized.graph,
    grads: optimized.grads,
    loss: train.loss,
    optimizer: train.optimizer,
    schedule: train.schedule,
    clip: train.clip,
    totalSteps,
  });
  if (!result.ok) throw new Error(`export failed: ${result.unsupported.map((u) => `${u.op}: ${u.reason}`).join("; ")}`);
  // Optimizer state starts at zero, as the class's.
  for (const p of Object.keys(model.params)) {
    const shape = shapeOf.get(p)!;
    for (const s of OPTIMIZERS[train.optimizer.kind].state(train.optimizer.args)) state.set(stateName(p, s), { data: floatArray(dtype, new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0)), shape, type: ORT_FLOAT[dtype] });
  }
  const session = await ort.InferenceSession.create(result.bytes, { logSeverityLevel: 3, intraOpNumThreads: 1 });
  const steps = result.inputs.filter((i) => i.elemType === "int64" && i.shape.length === 0);
  if (steps.length !== 1) throw new Error(`expected one int64 scalar input, got ${steps.map((i) => i.name).join(", ")}`);
  return { model, train, session, state, float: dtype, totalSteps, outputs: result.outputs.map((o) => o.name), stepInput: steps[0]!.name };
}

/** One batch: each named input's rows (row-major), i32 ones given as integers. */
export type Batch = Readonly<Record<string, { readonly data: readonly number[]; readonly int: boolean; readonly row: readonly number[] }>>;

/** The ONNX step's feeds: the batch, the current state, `step` = t. */
function feedsOf(s: StepCase, batch: Batch, rows: number, t: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, b] of Object.entries(batch)) {
    feeds[name] = b.int ? new ort.Tensor("int32", Int32Array.from(b.data), [rows, ...b.row]) : new ort.Tensor(ORT_FLOAT[s.float], floatArray(s.float, b.data), [rows, ...b.row]);
  }
  for (const [name, v] of s.state) feeds[name] = new ort.Tensor(v.type, v.data, v.shape);
  feeds[s.stepInput] = new ort.Tensor("int64", BigInt64Array.from([BigInt(t)]), []);
  return feeds;
}

/** One ONNX step without feeding its results back: the loss and every output by name. */
export async function onnxStep(s: StepCase, batch: Batch, rows: number, t: number): Promise<{ loss: number; out: ort.InferenceSession.OnnxValueMapType }> {
  const out = await s.session.run(feedsOf(s, batch, rows, t));
  // The first output is the loss (`loss`, or `train.loss` when an input has that name).
  const loss = out[s.outputs[0]!];
  if (loss === undefined) throw new Error(`no output '${s.outputs[0]}'`);
  return { loss: Number((loss.data as Float32Array | Float64Array)[0]), out };
}

/**
 * Step `t` (0-based) in both engines on the same batch: nnc's class (lr from the schedule as
 * TrainSession sets it) and the ONNX session, whose `.new` outputs become the next step's state.
 */
export async function stepBoth(s: StepCase, batch: Batch, rows: number, t: number): Promise<{ nnc: number; onnx: number }> {
  const base = s.train.optimizer.args.lr;
  s.model.setLearningRate(learningRate(s.train.schedule, typeof base === "number" ? base : Number.NaN, t, s.totalSteps));
  for (const [name, b] of Object.entries(batch)) {
    const target = s.model.inputs[name];
    if (target === undefined) throw new Error(`the class has no input '${name}'`);
    target.set(b.data);
  }
  const nnc = s.model.trainStep(rows);
  const { loss, out } = await onnxStep(s, batch, rows, t);
  for (const [name, v] of s.state) {
    const next = out[newName(name)];
    if (next === undefined) throw new Error(`no output '${newName(name)}'`);
    v.data = (next.data as typeof v.data).slice();
  }
  return { nnc, onnx: loss };
}

/** Worst |a − b| / max(|b|, 1) over two arrays of the same length. */
export function worstRel(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), 1));
  return worst;
}

/** The worst relative difference between the ONNX state and the class's params and buffers, by name. */
export function stateDiffs(s: StepCase): Record<string, number> {
  const out: Record<string, number> = {};
  const groups: Readonly<Record<string, ArrayLike<number>>>[] = [s.model.params, s.model.buffers ?? {}];
  for (const g of groups) for (const [name, want] of Object.entries(g)) out[name] = worstRel(s.state.get(name)?.data ?? [], want);
  return out;
}

export type { FloatArray };
