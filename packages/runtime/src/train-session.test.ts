import { describe, expect, it } from "vitest";
import { bindData, type BoundData } from "./bind.ts";
import { DataError } from "./data-error.ts";
import type { EpochMetrics, TrainReporter } from "./progress.ts";
import { learningRate } from "./schedules.ts";
import type { ScheduleSetting } from "./settings.ts";
import { loadSynthetic } from "./synthetic.ts";
import { TestMlp } from "./test-mlp.ts";
import { trainLoop } from "./train-loop.ts";
import { startTraining, trainPlan } from "./train-plan.ts";
import { TrainSession, type SessionOptions } from "./train-session.ts";

// moons(n = 50): 40 training examples, 10 for validation; batch 16 → steps of 16, 16, 8.
const split = loadSynthetic({ source: "moons", args: { n: 50, seed: 3 } });

/** A TestMlp that records every learning rate the runtime sets. */
function model(maxBatch = 16): { m: TestMlp; lrs: number[]; data: { train: BoundData; validation: BoundData } } {
  const m = new TestMlp(maxBatch);
  const lrs: number[] = [];
  const set = m.setLearningRate.bind(m);
  m.setLearningRate = (lr: number): void => {
    lrs.push(lr);
    set(lr);
  };
  m.initParams(5);
  return { m, lrs, data: { train: bindData(m.meta, split.train, true), validation: bindData(m.meta, split.validation!, true) } };
}

/** Steps a session to the end: every step's loss and every epoch's metrics. */
function drive(s: TrainSession, epochs = Infinity): { losses: number[]; history: EpochMetrics[] } {
  const losses: number[] = [];
  const history: EpochMetrics[] = [];
  while (!s.finished && history.length < epochs) {
    const r = s.step();
    losses.push(r.loss);
    if (r.epochComplete) history.push(s.endEpoch());
  }
  return { losses, history };
}

const silent: TrainReporter = { step: () => undefined, epochEnd: () => undefined, message: () => undefined };
const stepSchedule: ScheduleSetting = { kind: "step", args: { every: 2, gamma: 0.5 } };

describe("TrainSession", () => {
  it("is the loop trainLoop runs: same losses and metrics, bit for bit", () => {
    const a = model();
    const b = model();
    const o: SessionOptions = { epochs: 3, seed: 9, baseLr: 0.05, schedule: stepSchedule };
    const history = trainLoop(a.m, a.data.train, a.data.validation, { ...o, startEpoch: 0, rngState: null, reporter: silent });
    const s = new TrainSession(b.m, b.data.train, b.data.validation, o);
    expect(s.stepsPerEpoch).toBe(3);
    expect(s.totalSteps).toBe(9);
    expect(drive(s).history).toEqual(history);
    expect(b.lrs).toEqual(a.lrs);
    expect(history.map((h) => Object.keys(h.metrics))).toEqual([["accuracy"], ["accuracy"], ["accuracy"]]);
    expect(history[2]!.val_metrics!["accuracy"]).toBeGreaterThanOrEqual(0);
  });

  it("sets the schedule's rate before every step, t counted over the whole run", () => {
    const { m, lrs, data } = model();
    const s = new TrainSession(m, data.train, data.validation, { epochs: 2, seed: 1, baseLr: 0.4, schedule: stepSchedule });
    const ts = [];
    while (!s.finished) {
      const r = s.step();
      ts.push(r.t);
      expect(r.lr).toBe(lrs.at(-1));
      if (r.epochComplete) s.endEpoch();
    }
    expect(ts).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lrs).toEqual([0.4, 0.4, 0.2, 0.2, 0.1, 0.1]);
  });

  it("resumed from epoch 2's state, continues exactly: parameters, shuffling and the schedule's t", () => {
    const cosine: ScheduleSetting = { kind: "cosine", args: { warmup: 2, min_lr: 0.001 } };
    const o: SessionOptions = { epochs: 4, seed: 2, baseLr: 0.05, schedule: cosine };
    const full = model();
    const whole = drive(new TrainSession(full.m, full.data.train, full.data.validation, o));
    const first = model();
    const s1 = new TrainSession(first.m, first.data.train, first.data.validation, o);
    const part1 = drive(s1, 2);
    const second = model();
    for (const [k, v] of Object.entries(first.m.params)) second.m.params[k]!.set(v);
    for (const [k, v] of Object.entries(first.m.optimizerState)) second.m.optimizerState[k]!.set(v);
    const s2 = new TrainSession(second.m, second.data.train, second.data.validation, { ...o, startEpoch: 2, rngState: s1.rngState() });
    expect(s2.epoch).toBe(3);
    const part2 = drive(s2);
    expect([...part1.losses, ...part2.losses]).toEqual(whole.losses);
    expect([...part1.history, ...part2.history]).toEqual(whole.history);
    expect([...first.lrs, ...second.lrs]).toEqual(full.lrs);
    expect(second.lrs[0]).toBe(learningRate(cosine, 0.05, 6, 12));
  });

  it("runs steps of `batch` rows on a larger model with the same numbers (the page's setting)", () => {
    const node = model(16);
    const page = model(64);
    const a = drive(new TrainSession(node.m, node.data.train, null, { epochs: 2, seed: 4 }));
    const b = drive(new TrainSession(page.m, page.data.train, null, { epochs: 2, seed: 4, batch: 16 }));
    expect(b.losses).toEqual(a.losses);
    expect(node.lrs).toEqual([]); // no base rate: the model's own lr is left alone
    expect(() => new TrainSession(node.m, node.data.train, null, { epochs: 1, seed: 0, batch: 17 })).toThrow(RangeError);
  });

  it("startTraining with trainPlan gives runTraining's defaults and initialisation", () => {
    const plan = trainPlan({ data: null, batch: 16, epochs: 2, seed: 7, lr: null, optimizer: { kind: "adam", args: { lr: 0.02 } } }, { epochs: 1 });
    expect(plan).toEqual({ batch: 16, epochs: 1, seed: 7, lr: null, baseLr: 0.02, schedule: null, metrics: null });
    expect(trainPlan(null)).toEqual({ batch: 32, epochs: 10, seed: 0, lr: null, baseLr: null, schedule: null, metrics: null });
    const a = new TestMlp(16);
    const s = startTraining(a, split, plan);
    const b = model();
    b.m.initParams(7);
    const ref = new TrainSession(b.m, b.data.train, b.data.validation, { epochs: 1, seed: 7, baseLr: 0.02 });
    expect(s.step().loss).toBe(ref.step().loss);
  });

  it("refuses a schedule that scales an unknown base rate (E0671), and misuse", () => {
    const { m, data } = model();
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return e instanceof DataError ? e.code : "other";
      }
      return "none";
    };
    expect(code(() => new TrainSession(m, data.train, null, { epochs: 1, seed: 0, schedule: { kind: "cosine", args: { warmup: 0, min_lr: 0 } } }))).toBe("E0671");
    expect(code(() => new TrainSession(m, data.train, null, { epochs: 1, seed: 0, schedule: { kind: "one_cycle", args: { max_lr: 0.1 } } }))).toBe("none");
    const s = new TrainSession(m, data.train, null, { epochs: 1, seed: 0 });
    expect(() => s.endEpoch()).toThrow(/steps left/);
    drive(s);
    expect(s.finished).toBe(true);
    expect(() => s.step()).toThrow(/every epoch is done/);
  });
});
