/**
 * The core of the exporter on hand-written IR: graphs with a symbolic batch run in onnxruntime-node at
 * two batch sizes and equal the op table's float64 evaluation; unsupported ops are all collected.
 */
import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { evalDim, isParseError, parseGraph, type Graph } from "@nnc/ir";
import { lookupOp, mulberry32, tensor, type Tensor } from "@nnc/ops";
import { InternalCompilerError } from "@nnc/diagnostics";
import { exportInference } from "./inference.ts";
import type { ExportTensor } from "./api.ts";

function parse(text: string): Graph {
  const g = parseGraph(text);
  if (isParseError(g)) throw new Error(`${g.error} at ${g.line}:${g.column}`);
  return g;
}

/** Float64 reference: every node through its op's `evaluate`, sources from `feeds`. */
function reference(g: Graph, feeds: ReadonlyMap<string, Tensor>, dims: Record<string, number>): Map<string, Tensor> {
  const vals = new Map(feeds);
  for (const n of g.nodes) {
    if (vals.has(n.id)) continue;
    const outShape = n.type.shape.map((d) => evalDim(d, dims)!);
    vals.set(n.id, lookupOp(n.op)!.evaluate(n.inputs.map((i) => vals.get(i)!), { attrs: n.attrs, outShape, dims, training: false }));
  }
  return vals;
}

const MLP = `graph Net dims(B) {
  input x: f32[B, 3] {role="model"}
  param W: f32[3, 4] = zeros()
  param b: f32[4] = zeros()
  %0: f32[B, 4] = matmul(x, W)
  %1: f32[B, 4] = broadcast(b) {shape=[B, 4]}
  %2: f32[B, 4] = add(%0, %1)
  h: f32[B, 4] = softplus(%2)
  %3: f32[B, 1] = logsumexp(h) {axes=[1], keepdims=true}
  %4: f32[B, 4] = broadcast(%3) {shape=[B, 4]}
  %5: f32[B, 4] = sub(h, %4)
  %6: f32[B, 2] = slice(%5) {axis=1, start=1, end=3}
  %7: f32[2, B] = transpose(%6) {perm=[1, 0]}
  %8: f32[2*B] = reshape(%7) {shape=[2*B]}
  %9: f32[] = dimsize() {dims=[B], dtype="f32"}
  %10: f32[] = reduce_sum(%8) {axes=[0], keepdims=false}
  m: f32[] = div(%10, %9)
  %11: f32[3, 4] = matmul(x, %5) {transA=true}
  %12: bool[B, 4] = gt(%5, %0)
  %13: f32[B, 4] = where(%12, %5, %0)
  %14: i32[B, 4] = cast(%13) {dtype="i32"}
  %15: f32[3] = reduce_sum(x) {axes=[0], keepdims=false}
  %16: f32[4] = matmul(W, %15) {transA=true}
  %17: f32[B] = matmul(%5, b)
  %18: f32[B, 4] = const() {value=-inf, dtype="f32", shape=[B, 4]}
  %19: bool[B, 4] = gt(%0, %5)
  %20: f32[B, 4] = where(%19, %18, %0)
  %21: f32[B] = logsumexp(%20) {axes=[1], keepdims=false}
  %22: f32[B] = logsumexp(%18) {axes=[1], keepdims=false}
  return %8, m, %11, %14, %16, %17, %21, %22
}`;

function values(g: Graph, seed: number): Map<string, Tensor> {
  const rand = mulberry32(seed);
  const out = new Map<string, Tensor>();
  for (const n of g.nodes) {
    if (n.op !== "param" && n.op !== "buffer") continue;
    const shape = n.type.shape as number[];
    out.set(n.id, tensor(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 4 * rand() - 2)));
  }
  return out;
}

describe("exportInference", () => {
  it("runs in onnxruntime at two batch sizes and equals the float64 evaluation (f64 ≤ 1e-12, f32 ≤ 1e-5)", async () => {
    const g = parse(MLP);
    const params = values(g, 7);
    const outputs = g.outputs.map((o) => o.name);
    for (const dtype of ["f64", "f32"] as const) {
      const r = exportInference({ graph: g, outputs, modelName: "Net", producerVersion: "test", values: params, dtype });
      if (!r.ok) throw new Error(r.unsupported.map((u) => `${u.op}: ${u.reason}`).join("\n"));
      expect(r.inputs).toEqual([{ name: "x", elemType: dtype === "f64" ? "double" : "float", shape: ["B", 3] }]);
      const session = await ort.InferenceSession.create(r.bytes, { intraOpNumThreads: 1 });
      for (const B of [1, 5]) {
        const rand = mulberry32(B);
        const x = tensor([B, 3], Array.from({ length: B * 3 }, () => 4 * rand() - 2));
        const want = reference(g, new Map([...params, ["x", x]]), { B });
        const feed = dtype === "f64" ? new ort.Tensor("float64", Float64Array.from(x.data), [B, 3]) : new ort.Tensor("float32", Float32Array.from(x.data), [B, 3]);
        const got = await session.run({ x: feed });
        for (const o of g.outputs) {
          const w = want.get(o.id)!;
          const t = got[o.name]!;
          expect(t.dims, o.name).toEqual(w.shape);
          const data = Array.from(t.data as ArrayLike<number>, Number);
          const tol = dtype === "f64" ? 1e-12 : 1e-5;
          data.forEach((v, i) => {
            // The i32 cast truncates; at f32 a value within rounding of an integer may land either side.
            const slack = o.id === "%14" && dtype === "f32" ? 1 : 0;
            // Equal infinities (an all −∞ logsumexp group) are equal; anything else is compared by relative error.
            const err = v === w.data[i] ? 0 : Math.abs(v - w.data[i]!) / Math.max(1, Math.abs(w.data[i]!));
            expect(err, `${o.name}[${i}] B=${B} ${dtype}: ${v} vs ${w.data[i]}`).toBeLessThanOrEqual(tol + slack);
          });
        }
      }
      await session.release();
    }
  });

  it("collects every op without an ONNX rule; a missing param value is an internal error", () => {
    const g = parse(`graph U dims(B) {
  input x: f32[B, 3] {role="model"}
  param W: f32[3, 3] = zeros()
  %0: f32[B, 3] = matmul(x, W)
  %1: f32[B, 3] = bogus_op(%0)
  %2: f32[B, 3] = other_op(x)
  return %1, %2
}`);
    const W: ExportTensor = { shape: [3, 3], data: new Float64Array(9) };
    const r = exportInference({ graph: g, outputs: ["%1", "%2"], modelName: "U", producerVersion: "test", values: new Map([["W", W]]) });
    expect(r.ok ? [] : r.unsupported.map((u) => [u.node.id, u.op, u.kind])).toEqual([["%1", "bogus_op", "op"], ["%2", "other_op", "op"]]);
    // The compiler always supplies every param's value: a missing one is its bug, never a user diagnostic.
    expect(() => exportInference({ graph: g, outputs: ["%1", "%2"], modelName: "U", producerVersion: "test", values: new Map() })).toThrow(InternalCompilerError);
  });

  it("reads a symbol from any input that has it on an axis, and reports a dim no input determines", async () => {
    const g = parse(`graph D dims(B, T, S) {
  input x: f32[B, 3] {role="model"}
  input y: f32[T, 2] {role="train"}
  %0: f32[B] = reduce_sum(x) {axes=[1], keepdims=false}
  %1: f32[T] = const() {value=2, dtype="f32", shape=[T]}
  %2: f32[S] = const() {value=1, dtype="f32", shape=[S]}
  return %0, %1, %2
}`);
    const bad = exportInference({ graph: g, outputs: ["%0", "%1", "%2"], modelName: "D", producerVersion: "test", values: new Map() });
    expect(bad.ok ? [] : bad.unsupported.map((u) => [u.node.id, u.kind, u.reason])).toEqual([["%2", "dim", "no graph input has the dim 'S' on an axis of its own, so its run-time size is unknown"]]);
    // y is not needed by any output, but it is the only input that carries T: it becomes a graph input.
    const r = exportInference({ graph: g, outputs: ["%0", "%1"], modelName: "D", producerVersion: "test", values: new Map() });
    if (!r.ok) throw new Error("not exported");
    expect(r.inputs.map((i) => [i.name, i.shape])).toEqual([["x", ["B", 3]], ["y", ["T", 2]]]);
    const session = await ort.InferenceSession.create(r.bytes, { intraOpNumThreads: 1 });
    const out = await session.run({ x: new ort.Tensor("float32", new Float32Array(6).fill(1), [2, 3]), y: new ort.Tensor("float32", new Float32Array(10), [5, 2]) });
    expect([Array.from(out["%0"]!.data as Float32Array), Array.from(out["%1"]!.data as Float32Array)]).toEqual([[3, 3], [2, 2, 2, 2, 2]]);
    await session.release();
  });
});
