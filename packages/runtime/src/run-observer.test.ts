import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadData } from "./data-source.ts";
import type { ProgramInfo } from "./program-info.ts";
import type { EpochMetrics } from "./progress.ts";
import { runTraining, type RunBegin, type RunIo, type RunOverrides, type RunResult } from "./run.ts";
import { TestMlp } from "./test-mlp.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-observer-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const info: ProgramInfo = { source: "t.nn", model: "TestMlp", dataDir: dir, train: { data: { source: "moons", args: { n: 120, noise: 0.1 } }, batch: 16, epochs: 3, seed: 5, lr: null } };
const none: RunOverrides = { epochs: null, batch: null, lr: null, seed: null, data: null, save: null, resume: null, json: false };

function run(observer?: RunIo["observer"]): RunResult {
  const io: RunIo = { out: () => undefined, err: () => undefined, isTTY: false, cwd: dir, loadData, ...(observer === undefined ? {} : { observer }) };
  return runTraining(info, (b) => new TestMlp(b), { ...none, lr: 0.05 }, io);
}

describe("a run's observer (nnc train --report)", () => {
  it("is told the resolved run once, then each epoch's metrics; forward passes between epochs change nothing", () => {
    const begun: RunBegin[] = [];
    const epochs: EpochMetrics[] = [];
    const observed = run({
      begin: (r) => begun.push(r),
      epoch: (m) => {
        epochs.push(m);
        const r = begun[0]!;
        // What a report does after each epoch: inference over the validation rows.
        r.model.forward(Math.min(r.model.maxBatch, r.validation!.size));
      },
    });
    expect(begun.map((r) => ({ batch: r.batch, epochs: r.epochs, startEpoch: r.startEpoch, seed: r.seed, lr: r.lr, train: r.train.size, val: r.validation?.size, spec: r.spec }))).toEqual([
      { batch: 16, epochs: 3, startEpoch: 0, seed: 5, lr: 0.05, train: 96, val: 24, spec: { source: "moons", args: { n: 120, noise: 0.1 } } },
    ]);
    expect(epochs.map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(epochs).toEqual(observed.history);
    expect(run().history).toEqual(observed.history);
  });
});
