/**
 * Issue 11's "Done when", end to end: an LSTM over 32 steps written with `scan` and LANGUAGE-V2.md's
 * `lstm_cell` (as `lstm_step`), an embedding + slice model, a batch-norm block with running statistics, and a parameter
 * path in a loss. Each program (test/fixtures/v02/) passes `nnc check`, trains a few epochs with
 * `nnc train` while its loss falls, and its float64 gradients match central differences.
 * (Predicting with the running statistics after training is helper state-run's v02-state-run tests.)
 */
import { describe, expect, it } from "vitest";
import { fixtureText, gradcheckModel, nnc, seededRandom, stage, trainLosses } from "./v02-models-harness.ts";

/** 320 sequences of 32 numbers in [−1, 1]; label 1 when their sum is positive. */
function sequences(): string {
  const rand = seededRandom(7);
  const xs: number[][][] = [];
  const label: number[] = [];
  for (let i = 0; i < 320; i++) {
    const seq = Array.from({ length: 32 }, () => [Math.round((2 * rand() - 1) * 1000) / 1000]);
    xs.push(seq);
    label.push(seq.reduce((s, [v]) => s + v!, 0) > 0 ? 1 : 0);
  }
  return JSON.stringify({ xs, label });
}

/** 320 rows of 6 ids in [0, 12); the class is the last id mod 4. */
function idRows(): string {
  const rand = seededRandom(8);
  const ids = Array.from({ length: 320 }, () => Array.from({ length: 6 }, () => Math.floor(rand() * 12)));
  return JSON.stringify({ ids, label: ids.map((r) => r[5]! % 4) });
}

/** `nnc check --json` is clean, and lists `names` among the model's params and buffers. */
async function expectChecks(path: string, ...names: string[]): Promise<void> {
  const r = await nnc("check", path, "--json");
  expect(r.status, r.out + r.err).toBe(0);
  const json = JSON.parse(r.out) as { diagnostics: unknown[]; models: { params: { name: string }[]; buffers?: { name: string }[] }[] };
  expect(json.diagnostics).toEqual([]);
  const listed = json.models.flatMap((m) => [...m.params, ...(m.buffers ?? [])].map((p) => p.name));
  for (const n of names) expect(listed, `nnc check lists ${n}`).toContain(n);
}

/** The loss of the last epoch is below the first epoch's (which already averages a first epoch of learning). */
function expectFalls(epochs: readonly number[], count: number): void {
  expect(epochs).toHaveLength(count);
  for (const l of epochs) expect(Number.isFinite(l)).toBe(true);
  expect(epochs.at(-1)!).toBeLessThan(epochs[0]!);
}

describe("an LSTM over 32 steps: scan(lstm_step, xs, init = (h0, c0), axis = 1)", () => {
  const path = stage("lstm.nn", { "seq.json": sequences() });

  it("passes nnc check, its cell's params named after the first target (hs.Wx)", async () => {
    await expectChecks(path, "hs.Wx", "hs.Wh", "hs.b");
  });

  it("trains with nnc train: the loss falls over 4 epochs", async () => {
    const { epochs } = await trainLosses(path);
    expectFalls(epochs, 4);
    expect(epochs.at(-1)!).toBeLessThan(0.75 * epochs[0]!);
  });

  it("has float64 gradients equal to central differences, each param shared by the 32 steps", () => {
    const r = gradcheckModel(fixtureText("lstm.nn"), path, { batch: 2, seed: 5, training: true, classes: { label: 2 } });
    expect([...r.params].sort()).toEqual(["Wo", "bo", "c_init", "h_init", "hs.Wh", "hs.Wx", "hs.b"]);
    expect(r.compared).toBe(28);
  });
});

describe("an embedding and slices: take(E, ids), hs[:, -1], hs[:, 0, 0:2]", () => {
  const path = stage("embed-slice.nn", { "ids.json": idRows() });

  it("passes nnc check", async () => {
    await expectChecks(path, "E");
  });

  it("trains with nnc train: the loss falls over 5 epochs", async () => {
    const { epochs } = await trainLosses(path);
    expectFalls(epochs, 5);
    expect(epochs.at(-1)!).toBeLessThan(0.1);
  });

  it("has float64 gradients equal to central differences (dE: a scatter-add of the rows' cotangents)", () => {
    // 12 rows of E, 2 × 6 ids: some rows are picked twice (their cotangents add), some never (zero).
    const r = gradcheckModel(fixtureText("embed-slice.nn"), path, { batch: 2, seed: 6, training: true, classes: { ids: 12, label: 4 }, perParam: 12 });
    expect([...r.params].sort()).toEqual(["E", "W", "Wo", "bo", "bw"]);
  });
});

describe("a batch-norm block with running statistics (buffer, next, training)", () => {
  const path = stage("batchnorm.nn");

  it("passes nnc check, listing the block's buffers", async () => {
    await expectChecks(path, "h1.mean_run", "h1.var_run");
  });

  it("trains with nnc train: the loss falls over 5 epochs", async () => {
    const { epochs } = await trainLosses(path);
    expectFalls(epochs, 5);
  });

  it("has float64 gradients equal to central differences, in a training step and outside one", () => {
    const opts = { batch: 4, seed: 7, classes: { label: 2 } };
    const train = gradcheckModel(fixtureText("batchnorm.nn"), path, { ...opts, training: true });
    // Buffers are state, not parameters: never differentiated.
    expect([...train.params].sort()).toEqual(["W1", "W2", "b1", "b2", "h1.beta", "h1.gamma"]);
    // Outside training the block normalises with the running statistics (initially 0 and 1), not the batch's.
    const evaluate = gradcheckModel(fixtureText("batchnorm.nn"), path, { ...opts, training: false });
    expect(evaluate.loss).not.toBe(train.loss);
  });
});

describe("a parameter path in the loss: 0.01 * sum(h1.W ^ 2)", () => {
  const path = stage("path-loss.nn");

  it("passes nnc check and trains", async () => {
    await expectChecks(path, "h1.W");
    const { epochs } = await trainLosses(path);
    expectFalls(epochs, 3);
  });

  it("has float64 gradients equal to central differences (h1.W's includes 0.02 · h1.W)", () => {
    const r = gradcheckModel(fixtureText("path-loss.nn"), path, { batch: 3, seed: 9, training: true, classes: { label: 2 } });
    expect([...r.params].sort()).toEqual(["h1.W", "h1.b", "logits.W", "logits.b"]);
  });
});
