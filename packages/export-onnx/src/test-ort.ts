/**
 * Test support for the per-op ONNX test (excluded from the build as src/test-*.ts): seeded random
 * operands inside an op sample's domain, one-node graphs, and a run of an ONNX model in
 * onnxruntime-node (CPU provider) with every result read back as float64.
 */
import * as ort from "onnxruntime-node";
import { dimSymbols, evalDim, isFloat, type Attrs, type Dim, type Graph, type TensorType } from "@nnc/ir";
import { GraphBuilder, lookupOp, sampleValue, tensor, type SampleDomain, type Tensor } from "@nnc/ops";
import type { OnnxExportResult } from "./api.ts";
import type { OnnxDType } from "./contract.ts";
import { translateGraph } from "./graph.ts";
import { encodeModel } from "./model.ts";

export type Domain = SampleDomain;

/** The dims of `shape` with every symbol bound by `env` (a symbol missing from env is a test bug). */
export function concrete(shape: readonly Dim[], env: Readonly<Record<string, number>>): number[] {
  return shape.map((d) => {
    const v = evalDim(d, env);
    if (v === undefined) throw new Error(`unbound symbol in ${JSON.stringify(d)}`);
    return v;
  });
}

export function symbolsOf(types: readonly TensorType[]): string[] {
  return [...new Set(types.flatMap((t) => t.shape.flatMap(dimSymbols)))].sort();
}

export function randomTensor(shape: readonly number[], domain: Domain, rand: () => number, classes?: number): Tensor {
  const out = tensor(shape);
  for (let i = 0; i < out.data.length; i++) out.data[i] = sampleValue(domain, rand, classes);
  return out;
}

/** The value a tensor has after storing it as `dtype` (f32 rounds; integers and bools are exact). */
export function stored(t: Tensor, dtype: OnnxDType): Tensor {
  return dtype === "f32" ? tensor(t.shape, Float32Array.from(t.data)) : t;
}

export interface OrtFeed {
  readonly tensor: Tensor;
  readonly dtype: OnnxDType;
}

function ortTensor(f: OrtFeed): ort.Tensor {
  const dims = [...f.tensor.shape];
  const d = f.tensor.data;
  switch (f.dtype) {
    case "f32":
      return new ort.Tensor("float32", Float32Array.from(d), dims);
    case "f64":
      return new ort.Tensor("float64", Float64Array.from(d), dims);
    case "i32":
      return new ort.Tensor("int32", Int32Array.from(d), dims);
    case "i64":
      return new ort.Tensor("int64", BigInt64Array.from(d, (v) => BigInt(v)), dims);
    case "bool":
      return new ort.Tensor("bool", Uint8Array.from(d), dims);
  }
}

function toFloat64(t: ort.Tensor): Float64Array {
  const d = t.data;
  if (d instanceof BigInt64Array) return Float64Array.from(d, (v) => Number(v));
  if (typeof d === "string" || (Array.isArray(d) && d.some((v) => typeof v === "string"))) throw new Error(`string output of type ${t.type}`);
  return Float64Array.from(d as ArrayLike<number>);
}

/**
 * Runs the model once (ORT's default graph optimizations; `threads` intra-op threads, default 1: test
 * workers run in parallel on small CI machines); every output as float64.
 */
export async function runOrt(bytes: Uint8Array, feeds: Readonly<Record<string, OrtFeed>>, threads = 1): Promise<Record<string, Tensor>> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ["cpu"], intraOpNumThreads: threads });
  try {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([k, f]) => [k, ortTensor(f)]));
    const out = await session.run(inputs);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, tensor(t.dims, toFloat64(t))]));
  } finally {
    await session.release();
  }
}

/** Index of the first element where |got − want| > tol·max(|want|, 1), or −1 (shapes must agree). */
export function firstMismatch(got: Tensor, want: Tensor, tol: number): number {
  if (got.shape.join(",") !== want.shape.join(",")) return 0;
  for (let i = 0; i < want.data.length; i++) {
    const w = want.data[i]!;
    if (!(Math.abs(got.data[i]! - w) <= tol * Math.max(Math.abs(w), 1))) return i;
  }
  return -1;
}

/** Every node of `graph` evaluated by its op record in float64, in order (inputs from `feeds`). */
export function evaluateGraph(graph: Graph, feeds: Readonly<Record<string, Tensor>>, env: Readonly<Record<string, number>>): Map<string, Tensor> {
  const values = new Map<string, Tensor>();
  for (const n of graph.nodes) {
    if (n.op === "input") {
      const f = feeds[n.id];
      if (f === undefined) throw new Error(`no feed for ${n.id}`);
      values.set(n.id, f);
      continue;
    }
    const def = lookupOp(n.op);
    if (def === undefined) throw new Error(`unknown op ${n.op}`);
    const operands = n.inputs.map((i) => values.get(i)!);
    values.set(n.id, def.evaluate(operands, { attrs: n.attrs, outShape: concrete(n.type.shape, env), dims: env, training: false }));
  }
  return values;
}

export interface OneNode {
  readonly graph: Graph;
  readonly inputs: readonly { readonly id: string; readonly type: TensorType }[];
  readonly out: TensorType;
}

/** x0…xn = the operands, z = op(x…) (output "y"), plus an optional input carrying a symbol. */
export function oneNodeGraph(op: string, inputs: readonly TensorType[], attrs: Attrs, carrier?: TensorType): OneNode {
  const b = new GraphBuilder(lookupOp);
  const ids = inputs.map((t, i) => b.add("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, { name: `x${i}` }));
  // An input that only carries a symbol's run-time size (for ops without operands, e.g. dimsize).
  const extra = carrier === undefined ? [] : [b.add("input", [], { role: "model", dtype: carrier.dtype, shape: carrier.shape }, { name: "carrier" })];
  const z = b.add(op, ids, attrs, { name: "z" });
  const all = [...ids, ...extra];
  return { graph: b.finish([{ name: "y", id: z }]), inputs: all.map((id) => ({ id, type: b.type(id) })), out: b.type(z) };
}

/** The one-node graph exported with every input kept (a carrier feeds no node). */
export function exportOne(g: OneNode, dtype: "f32" | "f64", training: boolean): OnnxExportResult {
  const keep = g.inputs.map((i) => i.id);
  const draft = translateGraph(g.graph, { training, dtype, values: new Map(), outputs: [{ name: "y", id: "z" }], keep });
  return encodeModel(draft, { modelName: "op", producerVersion: "test" });
}

/** How an operand of type `t` is stored in an export at `dtype`. */
export function storedAs(t: TensorType, dtype: "f32" | "f64"): OnnxDType {
  return isFloat(t.dtype) ? dtype : t.dtype;
}
