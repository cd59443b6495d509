/**
 * `nnc export` and `nnc compile --target pytorch` end to end: what the commands write loads in
 * onnxruntime-node (CPU) or python3 with torch, and computes what nnc computes — the interpreter on
 * the same seeded initial values, `nnc predict` on a checkpoint of `nnc train`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";
import { compile, initBuffers, initialValues, initParams, interpret, tensor, type Graph, type Tensor } from "@nnc/compiler/node";
import { loadData, loadPredictData, parseDataSpec, type ProgramModule } from "@nnc/runtime";
import { closeTo, runOnnx, type OrtFeed } from "./onnx-support.ts";
import { runPython } from "./torch-python.ts";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "nnc-export-"));
const spirals = join(root, "examples", "spirals.nn");
const spiralsText = readFileSync(spirals, "utf8");
/** The seed of spirals.nn's train section: what `nnc train` initializes from. */
const SPIRALS_SEED = 7;

async function nnc(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const io = recordingIo({ NO_COLOR: "1" });
  const status = await runCli(args, io);
  return { status, out: io.out.join(""), err: io.err.join("") };
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A deterministic batch of `rows` points in [-1, 1]². */
function points(rows: number): number[] {
  return Array.from({ length: rows * 2 }, (_, i) => Math.sin(1.7 * i + 0.3));
}

function spiralsGraph(): Graph {
  const c = compile(spiralsText, { fileName: spirals, generate: "none", differentiate: false, dtype: "f64" });
  return c.model!.graph;
}

/** The interpreter's (float64) value of `id` on x and the seeded initial params and buffers. */
function interpreted(graph: Graph, id: string, feeds: Record<string, Tensor>): Float64Array {
  const values = interpret(graph, { ...initParams(graph, SPIRALS_SEED), ...initBuffers(graph, SPIRALS_SEED), ...feeds });
  return Float64Array.from(values.get(id)!.data);
}

function xTensor(rows: number): Tensor {
  return tensor([rows, 2], points(rows));
}

let checkpoint: Promise<string> | undefined;

/** A checkpoint of spirals.nn after two short epochs of `nnc train` (made once, by the first test that needs it). */
function trainedCheckpoint(): Promise<string> {
  checkpoint ??= (async () => {
    const ckpt = join(dir, "spirals.ckpt");
    const trained = await nnc("train", spirals, "--epochs", "2", "--data", "spirals(n=200)", "--save", ckpt, "--json");
    expect(trained.status).toBe(0);
    return ckpt;
  })();
  return checkpoint;
}

const x5: OrtFeed = { shape: [5, 2], data: points(5), dtype: "f32" };

describe("nnc export --format onnx", () => {
  it("starts from the values `nnc train` starts from: the generated program's initParams(seed)", async () => {
    const text = readFileSync(join(root, "examples", "batchnorm-mlp.nn"), "utf8");
    const c = compile(text, { fileName: "batchnorm-mlp.nn", target: "js" });
    const path = join(dir, "bn-program.mjs");
    writeFileSync(path, c.program!);
    const program = (await import(pathToFileURL(path).href)) as ProgramModule;
    const model = program.createModel(4);
    model.initParams(5);
    const values = initialValues(c.model!.graph, 5);
    const state = { ...model.params, ...model.buffers };
    expect(Object.keys(state).sort()).toEqual([...values.keys()].sort());
    for (const [id, v] of values) expect(Array.from(state[id]!), id).toEqual(Array.from(Float32Array.from(v.data)));
  });

  it("writes the inference graph with the initial values of `nnc train`: ONNX Runtime equals the interpreter", async () => {
    const out = join(dir, "spirals.onnx");
    const r = await nnc("export", spirals, "-o", out);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toContain("the inference graph of model Spiral, ONNX opset 17");
    expect(r.out).toContain("initial values (seed 7");
    expect(r.out).toMatch(/inputs \(1\):\n {2}x {7}float\[B, 2\]\noutputs \(1\):\n {2}logits {2}float\[B, 2\]/);
    const got = await runOnnx(readFileSync(out), { x: x5 });
    expect(got["logits"]!.shape).toEqual([5, 2]);
    const graph = spiralsGraph();
    // The model's graph also holds the train section's label and loss: feed a label, compare the logits.
    const want = interpreted(graph, graph.outputs[0]!.id, { x: xTensor(5), label: tensor([5]) });
    expect(closeTo(got["logits"]!.data, want, 1e-5)).toMatchObject({ ok: true });
  });

  it("exports a checkpoint's trained weights: ONNX Runtime equals `nnc predict` on the same data", async () => {
    const ckpt = await trainedCheckpoint();
    const out = join(dir, "trained.onnx");
    const r = await nnc("export", spirals, "--checkpoint", ckpt, "-o", out);
    expect(r.status).toBe(0);
    expect(r.out).toContain(`trained values from ${ckpt}`);
    const spec = "spirals(n=40, seed=9)";
    const predicted = await nnc("predict", spirals, "--checkpoint", ckpt, "--input", spec, "--json");
    expect(predicted.status).toBe(0);
    const lines = predicted.out.trim().split("\n").map((l) => JSON.parse(l) as { outputs?: { logits: number[] } });
    const want = lines.flatMap((l) => l.outputs?.logits ?? []);
    const ds = loadPredictData(parseDataSpec(spec), root);
    const x = ds.fields.find((f) => f.name === "x")!;
    expect(want.length).toBe(ds.size * 2);
    const got = await runOnnx(readFileSync(out), { x: { shape: [ds.size, 2], data: x.data, dtype: "f32" } });
    expect(closeTo(got["logits"]!.data, want, 1e-5)).toMatchObject({ ok: true });
    // The trained weights, not the initial ones: the untrained export computes something else.
    const fresh = join(dir, "untrained.onnx");
    expect((await nnc("export", spirals, "-o", fresh)).status).toBe(0);
    const untrained = await runOnnx(readFileSync(fresh), { x: { shape: [ds.size, 2], data: x.data, dtype: "f32" } });
    expect(closeTo(untrained["logits"]!.data, want, 1e-3).ok).toBe(false);
  });

  it("exports a checkpoint's buffers too (batch norm's running statistics): ONNX Runtime equals `nnc predict`", async () => {
    const bn = join(root, "examples", "batchnorm-mlp.nn");
    const ckpt = join(dir, "bn.ckpt");
    const trained = await nnc("train", bn, "--epochs", "1", "--data", "spirals(n=200)", "--save", ckpt, "--json");
    expect(trained.status).toBe(0);
    const out = join(dir, "bn-trained.onnx");
    const r = await nnc("export", bn, "--checkpoint", ckpt, "-o", out);
    expect(r.status).toBe(0);
    expect(r.out).toContain("8 parameters and 4 buffers");
    const spec = "spirals(n=30, seed=4)";
    const predicted = await nnc("predict", bn, "--checkpoint", ckpt, "--input", spec, "--json");
    expect(predicted.status).toBe(0);
    const want = predicted.out.trim().split("\n").flatMap((l) => (JSON.parse(l) as { outputs?: { logits: number[] } }).outputs?.logits ?? []);
    const ds = loadPredictData(parseDataSpec(spec), root);
    const x = ds.fields.find((f) => f.name === "x")!;
    expect(want.length).toBe(ds.size * 2);
    const got = await runOnnx(readFileSync(out), { x: { shape: [ds.size, 2], data: x.data, dtype: "f32" } });
    expect(closeTo(got["logits"]!.data, want, 1e-5)).toMatchObject({ ok: true });
    // The running statistics matter: the initial buffers (mean 0, var 1) normalise differently.
    const fresh = join(dir, "bn-untrained.onnx");
    expect((await nnc("export", bn, "-o", fresh)).status).toBe(0);
    const untrained = await runOnnx(readFileSync(fresh), { x: { shape: [ds.size, 2], data: x.data, dtype: "f32" } });
    expect(closeTo(untrained["logits"]!.data, want, 1e-3).ok).toBe(false);
  });

  it("--train-step writes the training step: its loss is the interpreter's and it updates the params", async () => {
    const out = join(dir, "spirals.train-step.onnx");
    const r = await nnc("export", spirals, "--train-step", "-o", out);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out).toContain("the training step (forward, backward, optimizer update) of model Spiral");
    expect(r.out).toMatch(/\n {2}step +int64\[\]\n/);
    expect(r.out).toMatch(/\n {2}W1\.new +float\[2, 16\]\n/);
    const label = [0, 1, 1, 0, 1];
    const c = compile(spiralsText, { fileName: spirals, generate: "none", differentiate: false, dtype: "f64" });
    // Every param and its adam state (m, v: zeros at the start) is an input of the step; the params get nnc train's initial values.
    const state: Record<string, OrtFeed> = {};
    for (const [id, t] of Object.entries(initParams(c.model!.graph, SPIRALS_SEED))) {
      state[id] = { shape: t.shape, data: t.data, dtype: "f32" };
      for (const s of ["m", "v"]) state[`${id}.${s}`] = { shape: t.shape, data: new Float64Array(t.data.length), dtype: "f32" };
    }
    const got = await runOnnx(readFileSync(out), { ...state, x: x5, label: { shape: [5], data: label, dtype: "i32" }, step: { shape: [], data: [0], dtype: "i64" } });
    const loss = interpreted(c.forward!, c.model!.train!.loss, { x: xTensor(5), label: tensor([5], label) });
    expect(closeTo(got["loss"]!.data, loss, 1e-5)).toMatchObject({ ok: true });
    const w1 = initParams(c.model!.graph, SPIRALS_SEED)["W1"]!.data;
    expect(got["W1.new"]!.data.length).toBe(w1.length);
    expect(closeTo(got["W1.new"]!.data, w1, 1e-4).ok).toBe(false);
  });

  it("counts the steps a schedule needs from the train section's data, else asks for --total-steps (E0703)", async () => {
    const body = spiralsText.replace("optimizer = adam(lr = 0.01)", "optimizer = adam(lr = 0.01)\n  schedule  = cosine(warmup = 3)");
    const withData = write("cosine.nn", body.replace("n = 1000", "n = 100"));
    const r = await nnc("export", withData, "--train-step", "-o", join(dir, "cosine.onnx"));
    expect(r.status).toBe(0);
    const split = loadData({ source: "spirals", args: { n: 100, noise: 0.1 } }, dir);
    expect(r.out).toContain(`the schedule assumes ${(60 * Math.ceil(split.train.size / 32)).toLocaleString("en-US")} steps in all`);
    const noData = write("cosine-nodata.nn", body.replace(/\n {2}data .*\n/, "\n"));
    const refused = await nnc("export", noData, "--train-step", "-o", join(dir, "nodata.onnx"));
    expect(refused.status).toBe(1);
    expect(refused.err).toContain("error[E0703]: the schedule `cosine` needs the run's total number of steps");
    expect(refused.err).toContain("--total-steps");
    const given = await nnc("export", noData, "--train-step", "--total-steps", "500", "-o", join(dir, "nodata.onnx"));
    expect(given.status).toBe(0);
    expect(given.out).toContain("the schedule assumes 500 steps in all");
  });

  it("refuses a checkpoint of another model (E0641), a model without a train section for --train-step (E0702), an unwritable -o (E0642) and bad options (E0611)", async () => {
    const ckpt = await trainedCheckpoint();
    const matvec = join(root, "examples", "matvec.nn");
    const other = await nnc("export", matvec, "--checkpoint", ckpt, "-o", join(dir, "m.onnx"));
    expect(other.status).toBe(1);
    expect(other.err).toContain(`error[E0641]: the checkpoint \`${ckpt}\` does not fit model \`MatVec\`: it was saved from model \`Spiral\`, not \`MatVec\``);
    const noTrain = await nnc("export", matvec, "--train-step", "-o", join(dir, "m.onnx"));
    expect(noTrain.status).toBe(1);
    expect(noTrain.err).toContain("error[E0702]");
    const unwritable = await nnc("export", spirals, "-o", join(dir, "no-such-folder", "x.onnx"));
    expect(unwritable.status).toBe(1);
    expect(unwritable.err).toContain("error[E0642]");
    const format = await nnc("export", spirals, "--format", "tflite");
    expect(format.status).toBe(2);
    expect(format.err).toContain("error[E0611]: --format must be onnx, not `tflite`");
    const steps = await nnc("export", spirals, "--train-step", "--total-steps", "0");
    expect(steps.status).toBe(2);
    expect(steps.err).toContain("error[E0611]: --total-steps needs a whole number ≥ 1");
  });
});

describe("nnc compile --target pytorch", () => {
  it("writes a program that python3 with torch accepts (`--help`)", async () => {
    const out = join(dir, "train.py");
    const r = await nnc("compile", spirals, "--target", "pytorch", "-o", out);
    expect(r.err).toBe(`wrote ${out}\n`);
    expect(r.status).toBe(0);
    const code = readFileSync(out, "utf8");
    expect(code).toContain("import torch");
    const help = runPython([out, "--help"], { cwd: dir });
    expect(help.stderr).toBe("");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--epochs");
  });

  it("refuses an unknown target with E0611", async () => {
    const r = await nnc("compile", spirals, "--target", "jax");
    expect(r.status).toBe(2);
    expect(r.err).toContain("error[E0611]: --target must be ts, js or pytorch, not `jax`");
  });
});
