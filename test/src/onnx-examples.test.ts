/**
 * The inference export in ONNX Runtime: every model of examples/*.nn and a set of generated random
 * models are exported (the optimized forward graph `nnc export` exports, f32, seeded initial values),
 * run in onnxruntime-node at two batch sizes (the batch dim is symbolic in the file), and each output
 * equals nnc's float64 interpreter (training false) to 1e-5 relative to max(|v|, 1).
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";
import { exportInference, type ExportTensor, type OnnxValueInfo } from "@nnc/export-onnx";
import { type Graph } from "@nnc/ir";
import { initBuffers, initParams, interpret } from "@nnc/interp";
import { mulberry32, tensor, type Tensor } from "@nnc/ops";
import { closeTo, runOnnx, type OrtFeed } from "./onnx-support.ts";
import { randomModelArb, randomProgram } from "./random-model-gen.ts";

const EXAMPLES = new URL("../../examples/", import.meta.url);
const TOL = 1e-5;
const BATCHES = [1, 5];
const SEED = 5;

interface Exported {
  readonly bytes: Uint8Array;
  readonly inputs: readonly OnnxValueInfo[];
  /** The f64 forward graph (the interpreter's reference) and the values both start from. */
  readonly reference: Graph;
  readonly values: Readonly<Record<string, Tensor>>;
  readonly outputs: readonly string[];
  readonly dtype: "f32" | "f64";
}

function exportText(file: string, text: string, dtype: "f32" | "f64" = "f32"): Exported {
  const c = compile(text, { fileName: file, dtype, generate: "none", differentiate: false });
  expect(c.diagnostics.filter((d) => d.severity === "error").map((d) => d.message), file).toEqual([]);
  const model = c.model!;
  const values = { ...initParams(model.graph, SEED), ...initBuffers(model.graph, SEED) };
  const outputs = model.graph.outputs.map((o) => o.name);
  const r = exportInference({
    graph: c.optimizedForward!,
    outputs,
    modelName: model.name,
    producerVersion: "test",
    values: new Map<string, ExportTensor>(Object.entries(values)),
    dtype,
  });
  if (!r.ok) throw new Error(`${file}: ${r.unsupported.map((u) => `${u.op} (${u.node.id}): ${u.reason}`).join("\n")}`);
  const f64 = compile(text, { fileName: file, dtype: "f64", generate: "none", differentiate: false, checkOnly: true });
  const reference = f64.lowered!.find((m) => m.name === model.name)!.graph;
  return { bytes: r.bytes, inputs: r.inputs, reference, values, outputs, dtype };
}

/** An integer input's classes: the rows of take's table, else the last dim of its user's first operand (cross_entropy's logits). */
function classesOf(graph: Graph, id: string): number {
  const user = graph.nodes.find((u) => u.inputs.includes(id));
  const other = user === undefined ? undefined : graph.nodes.find((m) => m.id === user.inputs[0]);
  const n = user?.op === "take" ? other?.type.shape[0] : other?.type.shape.at(-1);
  return typeof n === "number" ? n : 2;
}

/** Random values for every input of the reference graph (train inputs too: the interpreter binds them); ORT gets the exported ones. */
function feedsAt(e: Exported, batch: number, seed: number): { ort: Record<string, OrtFeed>; nnc: Record<string, Tensor> } {
  const rand = mulberry32(seed);
  const ort: Record<string, OrtFeed> = {};
  const nnc: Record<string, Tensor> = {};
  const exported = new Set(e.inputs.map((i) => i.name));
  for (const n of e.reference.nodes) {
    if (n.op !== "input") continue;
    const shape = n.type.shape.map((d) => (typeof d === "number" ? d : batch));
    const count = shape.reduce((a, b) => a * b, 1);
    const isInt = n.type.dtype === "i32";
    const classes = isInt ? classesOf(e.reference, n.id) : 0;
    const data = Array.from({ length: count }, () => (isInt ? Math.floor(rand() * classes) : 4 * rand() - 2));
    nnc[n.id] = tensor(shape, data);
    if (exported.has(n.id)) ort[n.id] = { shape, data, dtype: isInt ? "i32" : e.dtype };
  }
  expect(Object.keys(ort).sort()).toEqual([...exported].sort());
  return { ort, nnc };
}

async function expectSame(what: string, e: Exported, seed: number, tol = TOL): Promise<void> {
  const batches = e.inputs.some((i) => i.shape.some((d) => typeof d === "string")) ? BATCHES : [1];
  for (const batch of batches) {
    const feeds = feedsAt(e, batch, seed + batch);
    const got = await runOnnx(e.bytes, feeds.ort);
    const want = interpret(e.reference, { ...e.values, ...feeds.nnc });
    for (const name of e.outputs) {
      const id = e.reference.outputs.find((o) => o.name === name)!.id;
      const w = want.get(id)!;
      const g = got[name]!;
      expect(g.shape, `${what} ${name} B=${batch}`).toEqual(w.shape);
      const c = closeTo(g.data, w.data, tol);
      expect(c.worst, `${what} ${name}[${c.at}] B=${batch}: onnx ${g.data[c.at]} vs nnc ${w.data[c.at]}`).toBeLessThanOrEqual(tol);
    }
  }
}

const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".nn")).sort();

describe("ONNX inference export in onnxruntime-node equals the interpreter", () => {
  it.each(files)("example %s", async (file) => {
    const text = readFileSync(new URL(file, EXAMPLES), "utf8");
    await expectSame(file, exportText(`examples/${file}`, text), 17);
  });

  it("30 generated random models (f32 to 1e-5, and exported at f64 to 1e-9)", async () => {
    const cases = fc.sample(randomModelArb, { numRuns: 30, seed: 20261201 });
    for (const [seed, steps] of cases) {
      const src = randomProgram(seed, steps);
      await expectSame(`random ${seed}/${steps}\n${src}`, exportText("random.nn", src), seed);
      await expectSame(`random ${seed}/${steps} at f64\n${src}`, exportText("random.nn", src, "f64"), seed, 1e-9);
    }
  });
});
