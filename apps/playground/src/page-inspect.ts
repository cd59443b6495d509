/**
 * The Worker's `inspect` answers, free of Worker globals so Node tests run the same code: forward
 * values of chosen nodes with the model's CURRENT parameters (inference mode). Output names run the
 * compiled class's `forward` in chunks of maxBatch; any other node runs the compiler's reference
 * interpreter over the lowered graph, pruned to the requested nodes' ancestors (so no label is fed),
 * with f32 rounding — the values the Graphs tab names, within f32 tolerance of the generated code.
 */
import { interpret, type Graph, type Node, type Tensor as IrTensor } from "@nnc/compiler";
import type { AnyArray, BoundData, CompiledModel } from "@nnc/runtime/core";
import type { PageTrainer } from "./page-trainer.ts";
import type { Inspected, InspectMessage, Tensor } from "./train-protocol.ts";

export interface Rows {
  readonly count: number;
  readonly inputs: Readonly<Record<string, Float32Array | Int32Array>>;
}

export interface InspectResult {
  readonly values: Record<string, Tensor>;
  readonly params: Record<string, Tensor>;
}

/** The first `limit` rows of bound data: the model inputs, and the labels of the `label` train input. */
export function boundRows(b: BoundData, limit: number, modelInputs: readonly string[], label: string): { rows: Rows; labels: Int32Array | undefined } {
  const count = Math.max(0, Math.min(limit, b.size));
  const inputs: Record<string, Float32Array | Int32Array> = {};
  let labels: Int32Array | undefined;
  for (const f of b.fields) {
    const part = f.data.subarray(0, count * f.width);
    if (f.input === label) labels = Int32Array.from(part);
    else if (modelInputs.includes(f.input)) inputs[f.input] = part instanceof Int32Array ? Int32Array.from(part) : Float32Array.from(part);
  }
  return { rows: { count, inputs }, labels };
}

function copyF32(a: AnyArray): Float32Array {
  return Float32Array.from(a);
}

/** A tensor's shape: the batch dim (first, when symbolic) is `count`; one other symbolic dim is inferred from the size. */
function concrete(n: Node, size: number, count: number | null): number[] {
  const dims = n.type.shape.map((d, i) => (typeof d === "number" ? d : i === 0 && count !== null ? count : -1));
  const unknown = dims.filter((d) => d < 0).length;
  const known = dims.filter((d) => d >= 0).reduce((a, b) => a * b, 1);
  if (unknown > 1 || (unknown === 0 && known !== size) || (unknown === 1 && (known === 0 || size % known !== 0))) {
    throw new Error(`\`${n.id}\` has ${size} values, which do not fit its type for ${count ?? 0} rows`);
  }
  return dims.map((d) => (d < 0 ? size / known : d));
}

/** `name` as a node id of `g`, or an output name. */
function nodeFor(g: Graph, byId: ReadonlyMap<string, Node>, name: string): Node {
  const id = byId.has(name) ? name : g.outputs.find((o) => o.name === name)?.id;
  const n = id === undefined ? undefined : byId.get(id);
  if (n === undefined) throw new Error(`the model has no value \`${name}\``);
  return n;
}

/** The nodes `roots` depend on, in graph order. */
function ancestors(g: Graph, byId: ReadonlyMap<string, Node>, roots: readonly Node[]): Node[] {
  const keep = new Set<string>();
  const stack = roots.map((n) => n.id);
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (keep.has(id)) continue;
    keep.add(id);
    for (const i of byId.get(id)?.inputs ?? []) stack.push(i);
  }
  return g.nodes.filter((n) => keep.has(n.id));
}

function feed(n: Node, model: CompiledModel, rows: Rows): IrTensor {
  const source = n.op === "input" ? rows.inputs[n.id] : n.op === "param" ? model.params[n.id] : model.buffers?.[n.id];
  if (source === undefined) throw new Error(n.op === "input" ? `no rows given for the input \`${n.id}\`` : `the compiled model has no ${n.op} \`${n.id}\``);
  return { shape: concrete(n, source.length, n.op === "input" ? rows.count : null), data: Float64Array.from(source) };
}

function interpreted(model: CompiledModel, graph: Graph, rows: Rows, names: readonly string[]): Record<string, Tensor> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const wanted = names.map((name) => nodeFor(graph, byId, name));
  const nodes = ancestors(graph, byId, wanted);
  const feeds: Record<string, IrTensor> = Object.create(null) as Record<string, IrTensor>;
  for (const n of nodes) if (n.op === "input" || n.op === "param" || n.op === "buffer") feeds[n.id] = feed(n, model, rows);
  const values = interpret({ ...graph, nodes, outputs: [], updates: [] }, feeds, { roundF32: model.meta.dtype === "f32" });
  const out: Record<string, Tensor> = {};
  names.forEach((name, i) => {
    const v = values.get(wanted[i]!.id)!;
    out[name] = { shape: [...v.shape], data: Float32Array.from(v.data) };
  });
  return out;
}

function compiled(model: CompiledModel, rows: Rows, names: readonly string[]): Record<string, Tensor> {
  const { count } = rows;
  const width = (a: { length: number }): number => (count === 0 ? 0 : a.length / count);
  const result: Record<string, Float32Array> = {};
  for (const name of names) result[name] = new Float32Array(count * (model.outputs[name]!.length / model.maxBatch));
  for (let start = 0; start < count; start += model.maxBatch) {
    const n = Math.min(model.maxBatch, count - start);
    for (const [input, data] of Object.entries(rows.inputs)) {
      const dst = model.inputs[input];
      if (dst === undefined) throw new Error(`the model has no input \`${input}\``);
      const w = width(data);
      dst.set(data.subarray(start * w, (start + n) * w), 0);
    }
    model.forward(n);
    for (const name of names) {
      const w = model.outputs[name]!.length / model.maxBatch;
      result[name]!.set(model.outputs[name]!.subarray(0, n * w), start * w);
    }
  }
  const out: Record<string, Tensor> = {};
  for (const name of names) {
    const meta = model.meta.outputs.find((o) => o.name === name)!;
    const rest = meta.shape.slice(1).map((d) => (typeof d === "number" ? d : -1));
    const known = rest.filter((d) => d >= 0).reduce((a, b) => a * b, 1);
    const w = model.outputs[name]!.length / model.maxBatch;
    out[name] = { shape: [count, ...rest.map((d) => (d < 0 ? w / known : d))], data: result[name]! };
  }
  return out;
}

/** Forward values of `nodes` for `rows`, and the values of the parameters named in `params`. */
export function inspectModel(model: CompiledModel, graph: Graph, rows: Rows, nodes: readonly string[], params: readonly string[]): InspectResult {
  for (const [name, data] of Object.entries(rows.inputs)) {
    if (rows.count > 0 && data.length % rows.count !== 0) throw new Error(`the input \`${name}\` has ${data.length} values, not a whole number per row for ${rows.count} rows`);
  }
  const outputs = new Set(model.meta.outputs.map((o) => o.name));
  const fast = nodes.every((n) => outputs.has(n));
  const values = nodes.length === 0 || rows.count === 0 ? {} : fast ? compiled(model, rows, nodes) : interpreted(model, graph, rows, nodes);
  const ps: Record<string, Tensor> = {};
  for (const name of params) {
    const meta = model.meta.params.find((p) => p.name === name);
    const data = model.params[name];
    if (meta === undefined || data === undefined) throw new Error(`the model has no parameter \`${name}\``);
    ps[name] = { shape: meta.shape.map((d) => (typeof d === "number" ? d : data.length)), data: copyF32(data) };
  }
  return { values, params: ps };
}

/** The reply to an inspect message: the values, or the error that prevented them. */
export function answerInspect(t: PageTrainer | null, msg: InspectMessage): Inspected {
  const { id } = msg;
  if (t === null) return { type: "inspected", id, error: "no model is loaded" };
  try {
    const meta = t.model.meta;
    let rows: Rows;
    let labels: Int32Array | undefined;
    if (msg.rows.kind === "test") {
      if (t.test === null) return { type: "inspected", id, error: "the data has no test set" };
      ({ rows, labels } = boundRows(t.test, msg.rows.limit, meta.inputs.map((i) => i.name), t.plan.bind.label));
    } else rows = msg.rows;
    const r = inspectModel(t.model, t.plan.graph, rows, msg.nodes, msg.params);
    const test = msg.rows.kind === "test" ? { inputs: rows.inputs, ...(labels === undefined ? {} : { labels }) } : {};
    return { type: "inspected", id, step: t.steps, count: rows.count, values: r.values, params: r.params, ...test };
  } catch (e) {
    return { type: "inspected", id, error: e instanceof Error ? e.message : String(e) };
  }
}
