/**
 * Issue 13, item 2: the whole training step exported to ONNX (`exportTrainStep`) and run in
 * onnxruntime-node, each step's new params, optimizer state and buffers fed back, equals nnc's own
 * generated training class (f32) step by step on the same initial values and seeded batches:
 * the loss of every step and every param and buffer at the end, to 1e-5 relative to max(|v|, 1).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stateDiffs, stepBoth, stepCase, type Batch } from "./onnx-train-support.ts";
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
async function run(text: string, steps: number, rows: number, batch: (k: number) => Batch): Promise<{ losses: { nnc: number; onnx: number }[]; diffs: Record<string, number> }> {
  const s = await stepCase(text, rows, steps);
  const losses: { nnc: number; onnx: number }[] = [];
  for (let k = 0; k < steps; k++) losses.push(await stepBoth(s, batch(k), rows, k));
  return { losses, diffs: stateDiffs(s) };
}

function expectMatch(r: Awaited<ReturnType<typeof run>>): void {
  r.losses.forEach((l, k) => {
    expect(Number.isFinite(l.nnc), `step ${k} nnc loss`).toBe(true);
    expect(Math.abs(l.onnx - l.nnc) / Math.max(Math.abs(l.nnc), 1), `step ${k} loss ${l.onnx} vs ${l.nnc}`).toBeLessThan(TOL);
  });
  for (const [name, d] of Object.entries(r.diffs)) expect(d, `${name} after ${r.losses.length} steps`).toBeLessThan(TOL);
}

describe("the MNIST MLP's training step in ONNX Runtime", () => {
  it("ten steps equal ten steps of nnc's training class (adam, f32)", async () => {
    const rows = 16;
    const r = await run(example("mnist-mlp.nn"), 10, rows, (k) => ({
      x: { data: floats(rows, 784, 100 + k, 0.25).map((v) => v + 0.5), int: false, row: [784] },
      label: { data: labels(rows, 10, 200 + k), int: true, row: [] },
    }));
    expectMatch(r);
    // The step trains: the loss moved (not a frozen graph equal to a frozen class).
    expect(r.losses[9]!.nnc).not.toBe(r.losses[0]!.nnc);
  }, 60_000);
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
