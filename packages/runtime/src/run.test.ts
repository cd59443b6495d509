import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadData } from "./data-source.ts";
import { DataError } from "./data-error.ts";
import { loadPredictData, predictAll } from "./predict.ts";
import type { ProgramInfo } from "./program-info.ts";
import type { EpochMetrics } from "./progress.ts";
import type { ScheduleSetting } from "./settings.ts";
import { loadSynthetic } from "./synthetic.ts";
import { startTraining, trainPlan } from "./train-plan.ts";
import { runTraining, type RunOverrides, type RunResult } from "./run.ts";
import { TestMlp } from "./test-mlp.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-run-"));
const info: ProgramInfo = { source: "t.nn", model: "TestMlp", dataDir: dir, train: { data: { source: "moons", args: { n: 200, noise: 0.1 } }, batch: 16, epochs: 4, seed: 7, lr: null } };
const none: RunOverrides = { epochs: null, batch: null, lr: null, seed: null, data: null, save: null, resume: null, json: false };

function run(o: Partial<RunOverrides>, models: TestMlp[] = [], program: ProgramInfo = info): { result: RunResult; out: string; err: string } {
  let out = "";
  let err = "";
  const result = runTraining(program, (b) => {
    const m = new TestMlp(b);
    models.push(m);
    return m;
  }, { ...none, ...o }, { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd: dir, loadData });
  return { result, out, err };
}

describe("the training run", () => {
  it("trains with the section's settings, reports epochs, and learns moons", () => {
    const { result, err } = run({ epochs: 8 });
    expect(result.history.length).toBe(8);
    expect(err.split("\n")[0]).toBe("training TestMlp on moons(n=200, noise=0.1): 160 examples, 40 for validation; batch 16, epochs 1…8, seed 7");
    expect(err).toContain("epoch 8/8  loss ");
    expect(result.history.at(-1)!.val_metrics!["accuracy"]!).toBeGreaterThan(0.85);
    expect(result.history.at(-1)!.loss).toBeLessThan(result.history[0]!.loss);
  });

  it("is deterministic, and a run resumed from a checkpoint continues exactly", () => {
    const full: TestMlp[] = [];
    const a = run({ json: true }, full);
    const b = run({ json: true });
    const noTime = (s: string): string => s.replace(/"seconds":[0-9.e+-]+/, "");
    expect(noTime(b.out)).toBe(noTime(a.out));
    expect(b.result.history).toEqual(a.result.history);
    const ckpt = join(dir, "half.ckpt");
    run({ epochs: 2, save: ckpt });
    const resumed: TestMlp[] = [];
    const r = run({ resume: ckpt, json: true }, resumed);
    expect(r.result.history.map((h) => h.epoch)).toEqual([3, 4]);
    expect(r.result.history).toEqual(a.result.history.slice(2));
    for (const [k, v] of Object.entries(full[0]!.params)) expect(Array.from(resumed[0]!.params[k]!)).toEqual(Array.from(v));
    const lines = r.out.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l["epoch"])).toEqual([3, 4, 4]);
    expect(lines[2]!["final"]).toBe(true);
  });

  it("applies the section's schedule, optimizer lr and metrics; a resumed run continues the schedule", () => {
    const schedule: ScheduleSetting = { kind: "step", args: { every: 4, gamma: 0.5 } };
    const train = { ...info.train!, optimizer: { kind: "adam" as const, args: { lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 } }, schedule, metrics: [{ kind: "top_k" as const, args: { k: 1 } }] };
    const program: ProgramInfo = { ...info, train };
    // 160 examples in batches of 16: 10 steps per epoch, 40 in all.
    const seen: number[] = [];
    const recording = (b: number): TestMlp => {
      const m = new TestMlp(b);
      const set = m.setLearningRate.bind(m);
      m.setLearningRate = (lr: number): void => {
        seen.push(lr);
        set(lr);
      };
      return m;
    };
    let out = "";
    let err = "";
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), isTTY: false, cwd: dir, loadData };
    const full = runTraining(program, recording, { ...none, json: true }, io);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, t) => 0.02 * 0.5 ** Math.floor(t / 4)));
    expect(err.split("\n")[0]).toBe("training TestMlp on moons(n=200, noise=0.1): 160 examples, 40 for validation; batch 16, epochs 1…4, seed 7; adam(lr = 0.02, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0), schedule step(every = 4, gamma = 0.5)");
    const first = JSON.parse(out.split("\n")[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(["epoch", "loss", "top_1", "val_loss", "val_top_1"]);
    // --lr replaces the base rate the schedule scales; a run resumed from epoch 2 continues at t = 20.
    const ckpt = join(dir, "sched.ckpt");
    seen.length = 0;
    runTraining(program, recording, { ...none, epochs: 2, lr: 0.1, save: ckpt }, io);
    expect(seen.slice(0, 5)).toEqual([0.1, 0.1, 0.1, 0.1, 0.05]);
    seen.length = 0;
    runTraining(program, recording, { ...none, resume: ckpt }, io);
    expect(seen.length).toBe(20);
    expect(seen[0]).toBe(0.1 * 0.5 ** 5);
    seen.length = 0;
    const resumed = runTraining(program, recording, { ...none, epochs: 2, save: ckpt }, io);
    const rest = runTraining(program, recording, { ...none, resume: ckpt }, io);
    expect([...resumed.history, ...rest.history]).toEqual(full.history);
  });

  it("gives the numbers the core's startTraining gives (what the playground runs), bit for bit", () => {
    const program: ProgramInfo = { ...info, train: { ...info.train!, schedule: { kind: "exponential", args: { gamma: 0.9 } }, optimizer: { kind: "adam", args: { lr: 0.01 } } } };
    const node = runTraining(program, (b) => new TestMlp(b), { ...none, epochs: 2 }, { out: () => undefined, err: () => undefined, isTTY: false, cwd: dir, loadData });
    const plan = trainPlan(program.train, { epochs: 2 });
    const page = startTraining(new TestMlp(64), loadSynthetic(program.train!.data!), plan);
    const history: EpochMetrics[] = [];
    while (!page.finished) if (page.step().epochComplete) history.push(page.endEpoch());
    expect(history.map((h) => h.loss)).toEqual(node.history.map((h) => h.loss));
    expect(history.map((h) => h.metrics)).toEqual(node.history.map((h) => h.metrics));
  });

  it("runs the last partial batch with fewer rows", () => {
    const models: TestMlp[] = [];
    run({ epochs: 1, batch: 48 }, models);
    // 160 training examples in batches of 48: 3 full steps and one of 16 rows.
    expect(models[0]!.optimizerState["step"]![0]).toBe(4);
  });

  it("stops on a non-finite loss and names the source line", () => {
    let error: unknown;
    try {
      // Adam moves every parameter by about lr on the first step: with lr = 1e308 the next forward overflows.
      run({ lr: 1e308 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    const e = error as DataError;
    expect(e.code).toBe("E0645");
    expect(e.message).toBe("the loss became NaN at epoch 1, step 2; the first non-finite value is `h1` (line 12)");
    expect(e.sourceLine).toBe(12);
  });

  it("refuses to train without data", () => {
    let error: unknown;
    try {
      runTraining({ ...info, train: null }, (b) => new TestMlp(b), none, { out: () => undefined, err: () => undefined, isTTY: false, cwd: dir, loadData });
    } catch (e) {
      error = e;
    }
    expect((error as DataError).code).toBe("E0646");
  });
});

describe("prediction", () => {
  it("predicts every example of the input data with classes and labels", () => {
    const trained: TestMlp[] = [];
    run({ epochs: 8 }, trained);
    const ds = loadPredictData({ source: "moons", args: { n: 100, noise: 0.1, seed: 9 } }, dir);
    expect(ds.size).toBe(100);
    const p = predictAll(trained[0]!, ds);
    expect(p.length).toBe(100);
    expect(p[0]!.outputs["logits"]!.length).toBe(2);
    const correct = p.filter((q) => q.class === q.label).length;
    expect(correct).toBeGreaterThan(80);
  });
});
