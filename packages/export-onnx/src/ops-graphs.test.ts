/**
 * ONNX export of small multi-op graphs: a CNN step whose batch dim is symbolic, run at two batch
 * sizes, and the accumulating ops on a multi-threaded ORT session. Values are compared with the op
 * records' float64 evaluation to 1e-5 relative to max(|v|, 1).
 */
import { describe, expect, it } from "vitest";
import type { TensorType } from "@nnc/ir";
import { GraphBuilder, lookupOp, mulberry32 } from "@nnc/ops";
import { translateGraph } from "./graph.ts";
import { encodeModel } from "./model.ts";
import { concrete, evaluateGraph, exportOne, firstMismatch, oneNodeGraph, randomTensor, runOrt, stored, storedAs, type OrtFeed } from "./test-ort.ts";

const TOL = 1e-5;
const f64 = (shape: TensorType["shape"]): TensorType => ({ dtype: "f64", shape });

/**
 * A CNN step with the batch dim N symbolic — conv, max pool, the loss, and the backward ops the
 * MNIST CNN's training step uses — exported once and run at N = 1 and N = 4, every output compared
 * with the op records' evaluation (f32: Conv has no double kernel in ORT).
 */
describe("a graph with a symbolic batch", () => {
  const N = { terms: [{ coef: 1, syms: ["N"] }] };
  const b = new GraphBuilder(lookupOp);
  const input = (name: string, dtype: "f64" | "i32", shape: TensorType["shape"]) => b.add("input", [], { role: "model", dtype, shape }, { name });
  const x = input("x", "f64", [N, 2, 6, 6]);
  const k = input("k", "f64", [3, 2, 3, 3]);
  const labels = input("labels", "i32", [N]);
  const dp = input("dp", "f64", [N, 3, 3, 3]);
  const y = b.add("conv2d", [x, k], { stride: 1, pad: 1 });
  const p = b.add("maxpool2d", [y], { size: 2 });
  const loss = b.add("cross_entropy", [b.add("reshape", [p], { shape: [N, 27] }), labels]);
  const dy = b.add("maxpool2d_grad", [y, dp], { size: 2 });
  const dx = b.add("conv2d_input_grad", [dy, k], { stride: 1, pad: 1, inputShape: [N, 2, 6, 6] });
  const dk = b.add("conv2d_weight_grad", [x, dy], { stride: 1, pad: 1, kernelShape: [3, 2, 3, 3] });
  const outputs = [
    { name: "pooled", id: p },
    { name: "loss", id: loss },
    { name: "dx", id: dx },
    { name: "dk", id: dk },
  ];
  const graph = b.finish(outputs);

  it("runs at two batch sizes with the interpreter's values", async () => {
    const result = encodeModel(translateGraph(graph, { training: false, dtype: "f32", values: new Map(), outputs }), { modelName: "cnn", producerVersion: "test" });
    if (!result.ok) throw new Error(result.unsupported.map((u) => `${u.op}: ${u.reason}`).join("; "));
    expect(result.inputs.find((i) => i.name === "x")?.shape).toEqual(["N", 2, 6, 6]);
    const rand = mulberry32(99);
    for (const n of [1, 4]) {
      const env = { N: n };
      const feeds: Record<string, OrtFeed> = {};
      for (const id of [x, k, labels, dp]) {
        const t = b.type(id);
        const dtype = t.dtype === "i32" ? "i32" : "f32";
        feeds[id] = { tensor: stored(randomTensor(concrete(t.shape, env), dtype === "i32" ? "label" : "any", rand, 27), dtype), dtype };
      }
      const want = evaluateGraph(graph, Object.fromEntries(Object.entries(feeds).map(([id, f]) => [id, f.tensor])), env);
      const got = await runOrt(result.bytes, feeds);
      for (const o of outputs) {
        const at = firstMismatch(got[o.name]!, want.get(o.id)!, TOL);
        expect(at, `${o.name} at N = ${n}: element ${at}: ORT ${got[o.name]?.data[at]} vs ${want.get(o.id)?.data[at]}`).toBe(-1);
      }
      expect(got.loss!.shape).toEqual([n]);
    }
  });
});

/**
 * Repeated indices on a session with many intra-op threads: the sums must not race (ONNX Runtime's
 * ScatterND "add" does, which is why scatter_add and maxpool2d_grad use ScatterElements). Large
 * enough that ORT splits the work; a race shows only in some runs (ScatterND failed 1 run in 20 at
 * 8 threads here), so this guards a regression probabilistically, never passes a wrong rule by luck
 * of the data.
 */
describe("accumulating ops on a multi-threaded session", () => {
  const cases = [
    { op: "scatter_add", inputs: [{ dtype: "i32", shape: [4096] }, f64([4096, 64])], attrs: { rows: 27 }, domain: ["label", "any"], classes: 27 },
    { op: "maxpool2d_grad", inputs: [f64([8, 16, 32, 32]), f64([8, 16, 30, 30])], attrs: { size: 3, stride: 1 }, domain: ["any", "any"] },
  ] as const;
  it.each(cases.map((c) => [c.op, c] as const))("%s sums repeated indices", async (_op, c) => {
    const g = oneNodeGraph(c.op, c.inputs, c.attrs);
    const result = exportOne(g, "f32", false);
    if (!result.ok) throw new Error(result.unsupported.map((u) => u.reason).join("; "));
    const rand = mulberry32(5);
    const feeds: Record<string, OrtFeed> = {};
    g.inputs.forEach((inp, i) => {
      const dtype = storedAs(inp.type, "f32");
      feeds[inp.id] = { tensor: stored(randomTensor(concrete(inp.type.shape, {}), c.domain[i]!, rand, "classes" in c ? c.classes : undefined), dtype), dtype };
    });
    const want = lookupOp(c.op)!.evaluate(g.inputs.map((i) => feeds[i.id]!.tensor), { attrs: c.attrs, outShape: concrete(g.out.shape, {}), dims: {}, training: false });
    for (let run = 0; run < 3; run++) {
      const got = (await runOrt(result.bytes, feeds, 4)).y!;
      const at = firstMismatch(got, want, TOL);
      expect(at, `run ${run}: element ${at}: ORT ${got.data[at]} vs evaluate ${want.data[at]}`).toBe(-1);
    }
  });
});
