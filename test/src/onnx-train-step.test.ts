/**
 * Issue 13, item 2: the whole training step exported to ONNX (`exportTrainStep`) and run in
 * onnxruntime-node, each step's new params, optimizer state and buffers fed back, equals nnc's own
 * generated training class (f32) step by step on the same initial values and seeded batches:
 * the loss of every step and every param and buffer at the end, to 1e-5 relative to max(|v|, 1).
 */
import { readdirSync, readFileSync } from "node:fs";
import { compile } from "@nnc/compiler";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { onnxStep, stateDiffs, stepBoth, stepCase, type Batch } from "./onnx-train-support.ts";
import { values } from "./v02-state-run-support.ts";

const TOL = 1e-5;
const example = (name: string): string => readFileSync(fileURLToPath(new URL(`../../examples/${name}`, import.meta.url)), "utf8");

/** Seeded rows: floats in [-2, 2) (scaled by `scale`), labels in [0, classes). */
function floats(rows: number, width: number, seed: number, scale = 1): number[] {
  return values(rows * width, seed).map((v) => v * scale);
}
function labels(rows: number, classes: number, seed: number): number[] {
  return values(rows, seed).map((v) => Math.min(classes - 1, Math.floor(((v + 2) / 4) * classes)));
}

/** Runs `steps` steps in both engines; returns the losses side by side. */
async function run(text: string, steps: number, rows: number, batch: (k: number) => Batch, dtype: "f32" | "f64" = "f32"): Promise<{ losses: { nnc: number; onnx: number }[]; diffs: Record<string, number> }> {
  const s = await stepCase(text, rows, steps, dtype);
  const losses: { nnc: number; onnx: number }[] = [];
  for (let k = 0; k < steps; k++) losses.push(await stepBoth(s, batch(k), rows, k));
  return { losses, diffs: stateDiffs(s) };
}

function expectMatch(r: Awaited<ReturnType<typeof run>>, tol = TOL): void {
  r.losses.forEach((l, k) => {
    expect(Number.isFinite(l.nnc), `step ${k} nnc loss`).toBe(true);
    expect(Math.abs(l.onnx - l.nnc) / Math.max(Math.abs(l.nnc), 1), `step ${k} loss ${l.onnx} vs ${l.nnc}`).toBeLessThan(tol);
  });
  for (const [name, d] of Object.entries(r.diffs)) expect(d, `${name} after ${r.losses.length} steps`).toBeLessThan(tol);
}

describe("the MNIST MLP's training step in ONNX Runtime", () => {
  it("ten steps equal ten steps of nnc's training class (adam, f32, the example's batch of 64)", async () => {
    // f32 sums in another order differ by an ulp; Adam turns a near-cancelled gradient's difference into
    // up to lr per step, so small batches (16 rows: 7e-6 on W1) sit near 1e-5 and 64 rows at ~2e-7.
    const rows = 64;
    const r = await run(example("mnist-mlp.nn"), 10, rows, (k) => ({
      x: { data: floats(rows, 784, 100 + k, 0.25).map((v) => v + 0.5), int: false, row: [784] },
      label: { data: labels(rows, 10, 200 + k), int: true, row: [] },
    }));
    expectMatch(r);
    // The step trains: the loss moved (not a frozen graph equal to a frozen class).
    expect(r.losses[9]!.nnc).not.toBe(r.losses[0]!.nnc);
  });

  it("exported at f64, three steps equal the f64 class to 1e-9 (the f32 tolerance is rounding only)", async () => {
    const rows = 8;
    const r = await run(example("mnist-mlp.nn"), 3, rows, (k) => ({
      x: { data: floats(rows, 784, 700 + k, 0.25).map((v) => v + 0.5), int: false, row: [784] },
      label: { data: labels(rows, 10, 800 + k), int: true, row: [] },
    }), "f64");
    expectMatch(r, 1e-9);
  });
});

/** A small model whose train section is `lines` (optimizer, schedule, clip, decay_all). */
function small(lines: readonly string[]): string {
  return [
    "dim B",
    "model Small(x: f32[B, 3]) -> (y: f32[B, 2]) {",
    "  param W: f32[3, 4] = glorot_uniform()",
    "  param b: f32[4] = constant(0.1)",
    "  param V: f32[4, 2] = glorot_uniform()",
    "  y = tanh(x @ W + b) @ V",
    "}",
    "train Small {",
    "  input t: f32[B, 2]",
    "  loss = mean((y - t) ^ 2)",
    ...lines.map((l) => `  ${l}`),
    "}",
    "",
  ].join("\n");
}

const SMALL_ROWS = 5;
const STEPS = 6;
const smallBatch = (k: number): Batch => ({
  x: { data: floats(SMALL_ROWS, 3, 300 + k), int: false, row: [3] },
  t: { data: floats(SMALL_ROWS, 2, 400 + k), int: false, row: [2] },
});

describe("every optimizer, schedule and clipping kind (a small model, six steps against nnc's class)", () => {
  const cases: Record<string, readonly string[]> = {
    "sgd": ["optimizer = sgd(lr = 0.1)"],
    "sgd momentum, L2 decay": ["optimizer = sgd(lr = 0.1, momentum = 0.9, weight_decay = 0.05)"],
    "sgd nesterov, decay_all": ["optimizer = sgd(lr = 0.1, momentum = 0.8, nesterov = true, weight_decay = 0.05, decay_all = true)"],
    "adam with L2 decay": ["optimizer = adam(lr = 0.01, weight_decay = 0.1)"],
    "adamw, decay_all": ["optimizer = adamw(lr = 0.01, weight_decay = 0.1)", "decay_all = true"],
    "rmsprop": ["optimizer = rmsprop(lr = 0.01)"],
    "rmsprop momentum": ["optimizer = rmsprop(lr = 0.01, rho = 0.8, momentum = 0.5)"],
    "adagrad": ["optimizer = adagrad(lr = 0.1)"],
    "lion with decay": ["optimizer = lion(lr = 0.01, weight_decay = 0.1)"],
    "schedule step": ["optimizer = sgd(lr = 0.1)", "schedule = step(every = 2, gamma = 0.5)"],
    "schedule exponential": ["optimizer = adam(lr = 0.01)", "schedule = exponential(0.8)"],
    "schedule cosine with warmup": ["optimizer = sgd(lr = 0.1, momentum = 0.9)", "schedule = cosine(warmup = 2, min_lr = 0.001)"],
    "schedule cosine": ["optimizer = sgd(lr = 0.1)", "schedule = cosine()"],
    "schedule one_cycle": ["optimizer = adamw(lr = 0.01)", "schedule = one_cycle(max_lr = 0.05)"],
    "clip global_norm": ["optimizer = sgd(lr = 0.5)", "clip = global_norm(0.05)"],
    "clip value": ["optimizer = adam(lr = 0.01)", "clip = value(0.02)"],
  };
  for (const [name, lines] of Object.entries(cases)) {
    it(name, async () => {
      expectMatch(await run(small(lines), STEPS, SMALL_ROWS, smallBatch));
    });
  }
});

describe("buffers: each `next` value is a `<buffer>.new` output", () => {
  it("batch norm with running statistics (examples/batchnorm-mlp.nn, adam): five steps, buffers included", async () => {
    const rows = 8;
    const r = await run(example("batchnorm-mlp.nn"), 5, rows, (k) => ({
      x: { data: floats(rows, 2, 500 + k), int: false, row: [2] },
      label: { data: labels(rows, 2, 600 + k), int: true, row: [] },
    }));
    expect(Object.keys(r.diffs)).toEqual(expect.arrayContaining(["h1.mean_run", "h1.var_run", "h2.mean_run", "h2.var_run"]));
    expectMatch(r);
  });

  it("an i32 counter, a constant bool mask and a buffer without `next` (passed through)", async () => {
    const text = `dim B
model C(x: f32[B, 3]) -> (y: f32[B, 2]) {
  param W: f32[3, 2] = glorot_uniform()
  buffer n: i32 = zeros()
  buffer keep: bool[2] = values([1, 0])
  buffer shift: f32[2] = constant(0.25)
  buffer avg: f32[2] = zeros()
  next n = n + 1
  next avg = 0.5 * avg + 0.5 * stop_gradient(mean(x @ W, axis = 0))
  y = where(keep, x @ W - shift, 0.0)
}
train C {
  input t: f32[B, 2]
  loss = mean((y - t) ^ 2)
  optimizer = sgd(lr = 0.1, momentum = 0.5)
}
`;
    const r = await run(text, 4, SMALL_ROWS, smallBatch);
    expect(Object.keys(r.diffs).sort()).toEqual(["W", "avg", "keep", "n", "shift"]);
    expectMatch(r);
  });
});

describe("edge cases", () => {
  it("a param the loss does not reach gets a zero gradient (adamw still decays it, as nnc does)", async () => {
    const text = `dim B
model U(x: f32[B, 3]) -> (y: f32[B, 2], z: f32[B, 2]) {
  param W: f32[3, 2] = glorot_uniform()
  param A: f32[3, 2] = glorot_uniform()
  y = x @ W
  z = x @ A
}
train U {
  input t: f32[B, 2]
  loss = mean((y - t) ^ 2)
  optimizer = adamw(lr = 0.01, weight_decay = 0.5)
}
`;
    const s = await stepCase(text, SMALL_ROWS, 3);
    const before = Float32Array.from(s.state.get("A")!.data);
    const losses = [];
    for (let k = 0; k < 3; k++) losses.push(await stepBoth(s, smallBatch(k), SMALL_ROWS, k));
    expectMatch({ losses, diffs: stateDiffs(s) });
    expect(s.state.get("A")!.data[0]).toBeCloseTo(before[0]! * (1 - 0.005) ** 3, 6);
  });

  it("a train input named `step` keeps its name; the step counter is then `train.step`", async () => {
    const text = small(["optimizer = adam(lr = 0.01)"]).replace("input t: f32[B, 2]", "input step: f32[B, 2]").replace("mean((y - t) ^ 2)", "mean((y - step) ^ 2)");
    const s = await stepCase(text, SMALL_ROWS, STEPS);
    expect(s.stepInput).toBe("train.step");
    const batch = (k: number): Batch => ({ x: smallBatch(k).x!, step: smallBatch(k).t! });
    const losses = [];
    for (let k = 0; k < 3; k++) losses.push(await stepBoth(s, batch(k), SMALL_ROWS, k));
    expectMatch({ losses, diffs: stateDiffs(s) });
  });
});

describe("an input named `loss`", () => {
  it("keeps its name; the loss output is then `train.loss`", async () => {
    const text = small(["optimizer = sgd(lr = 0.1)"]).replace("input t: f32[B, 2]", "input loss: f32[B, 2]").replace("mean((y - t) ^ 2)", "mean((y - loss) ^ 2)");
    const s = await stepCase(text, SMALL_ROWS, 1);
    expect(s.outputs[0]).toBe("train.loss");
    const { loss } = await onnxStep(s, { x: smallBatch(0).x!, loss: smallBatch(0).t! }, SMALL_ROWS, 0);
    s.model.inputs["x"]!.set(smallBatch(0).x!.data);
    s.model.inputs["loss"]!.set(smallBatch(0).t!.data);
    const nnc = s.model.trainStep(SMALL_ROWS);
    expect(Math.abs(loss - nnc) / Math.max(Math.abs(nnc), 1)).toBeLessThan(TOL);
  });
});

describe("dropout in an exported step", () => {
  // The step draws masks with ONNX's RandomUniformLike, not nnc's random stream (documented in
  // docs/export.md): only that the step runs, trains and draws fresh masks is checked.
  it("runs, draws a fresh mask each run, and updates the params", async () => {
    const text = small(["optimizer = sgd(lr = 0.1)"]).replace("y = tanh(x @ W + b) @ V", "y = dropout(tanh(x @ W + b), p = 0.5) @ V");
    const s = await stepCase(text, SMALL_ROWS, 1);
    const a = await onnxStep(s, smallBatch(0), SMALL_ROWS, 0);
    const b = await onnxStep(s, smallBatch(0), SMALL_ROWS, 0);
    expect(Number.isFinite(a.loss) && Number.isFinite(b.loss)).toBe(true);
    expect(a.loss).not.toBe(b.loss);
    const w = a.out["V.new"]!.data as Float32Array;
    expect([...w].some((v, i) => v !== s.state.get("V")!.data[i])).toBe(true);
  });
});

describe("every example with a train section: three exported steps equal nnc's (f32, 4 rows)", () => {
  const dir = fileURLToPath(new URL("../../examples/", import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith(".nn"));
  for (const file of files) {
    const text = example(file);
    const model = compile(text, { fileName: file, dtype: "f32" }).model;
    const inputs = model?.graph.nodes.filter((n) => n.op === "input") ?? [];
    // Inputs with a fixed row shape only (the batch leading); every example with a train section has them.
    if (model?.train === undefined) continue;
    it(file, async () => {
      const rows = 4;
      const batch = (k: number): Batch =>
        Object.fromEntries(
          inputs.map((n, j) => {
            const row = n.type.shape.slice(1).map((d) => (typeof d === "number" ? d : Number.NaN));
            const v = values(rows * row.reduce((a, b) => a * b, 1), 10 * k + j);
            // Integer inputs are class indices or token ids: 0 and 1 are valid for every example.
            return [n.id, n.type.dtype === "i32" ? { data: v.map((x) => (x < 0 ? 0 : 1)), int: true, row } : { data: v, int: false, row }];
          }),
        );
      const r = await run(text, 3, rows, batch);
      // Losses to 1e-5; params to 1e-4: Adam turns the f32 noise of a gradient that is zero in exact
      // arithmetic (an attention key bias) into steps of up to lr, which the f32 class rounds differently.
      expectMatch({ losses: r.losses, diffs: {} });
      for (const [name, d] of Object.entries(r.diffs)) expect(d, name).toBeLessThan(1e-4);
    });
  }
});
