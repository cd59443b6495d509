import { describe, expect, it } from "vitest";
import { analyze } from "./analyze.ts";
import { Downsampled } from "./chart-series.ts";
import { exampleById } from "./examples.ts";
import { netOf } from "./learn-2d-net.ts";
import { answerInspect } from "./page-inspect.ts";
import { meaningKey } from "./page-plan.ts";
import { programTrainer } from "./program-trainer.ts";
import { defaultSettings } from "./settings.ts";
import { TrainPacer } from "./train-pacer.ts";

const spirals = exampleById("spirals")!.source;

describe("meaningKey", () => {
  const key = (text: string): string => {
    const a = analyze("spirals.nn", text);
    return meaningKey(a, defaultSettings(a.model));
  };

  it("ignores comments and whitespace, not a change of what the program computes", () => {
    const base = key(spirals);
    expect(key(`## a comment on top\n\n${spirals}`)).toBe(base);
    expect(key(spirals.replace("h2     = tanh(h1 @ W2 + b2)", "h2 = tanh(h1 @ W2 + b2)   # the second layer"))).toBe(base);
    expect(key(spirals.replace("h2     = tanh(h1 @ W2 + b2)", "h2     = relu(h1 @ W2 + b2)"))).not.toBe(base);
    expect(key(spirals.replace("epochs    = 60", "epochs    = 61"))).not.toBe(base);
  });
});

describe("Downsampled", () => {
  it("keeps every step up to its cap, then averages pairs", () => {
    const s = new Downsampled(4);
    for (let i = 1; i <= 4; i++) s.add(i, i);
    expect(s.points()).toEqual([[1, 2, 3, 4], [1, 2, 3, 4]]);
    s.add(5, 5);
    // Five points over a cap of four: pairs (1,2) and (3,4) merge; 5 opens a bucket of two.
    expect(s.perPoint).toBe(2);
    expect(s.points()).toEqual([[2, 4, 5], [1.5, 3.5, 5]]);
    s.add(6, 7);
    expect(s.points()).toEqual([[2, 4, 6], [1.5, 3.5, 6]]);
  });

  it("weights the point left over at a halving by the steps it stands for", () => {
    const s = new Downsampled(2);
    for (let i = 1; i <= 6; i++) s.add(i, i);
    // After the second halving, the point of steps 5–6 (mean 5.5) is left over and opens a bucket of four.
    expect(s.perPoint).toBe(4);
    expect(s.points()).toEqual([[4, 6], [2.5, 5.5]]);
    s.add(7, 7);
    s.add(8, 8);
    // The bucket is the mean of steps 5–8, not of (5.5, 7, 8).
    expect(s.points()).toEqual([[4, 8], [2.5, 6.5]]);
  });

  it("draws a non-finite loss as a gap", () => {
    const s = new Downsampled(10);
    s.add(1, NaN);
    s.add(2, 1);
    expect(s.points()[1]).toEqual([null, 1]);
  });
});

describe("TrainPacer", () => {
  const state = { steps: 0, epoch: 0, stepsPerEpoch: 25, plan: { settings: { epochs: 60 } } };

  it("reports every step's loss once, and the train loss before the first step", () => {
    const p = new TrainPacer();
    p.measured(0, { testLoss: 0.7, testAccuracy: 0.5, trainLoss: 0.69, trainAccuracy: 0.5, rows: { testRows: 500, testSize: 800, trainRows: 500, trainSize: 3200 } }, 0, 1);
    expect(p.progress(state, false, 2)).toMatchObject({ testRows: 500, testSize: 800, trainRows: 500, trainSize: 3200 });
    expect(p.progress(state, false, 2).loss).toBe(0.69);
    p.stepped(0.5);
    p.stepped(0.25);
    const r = p.progress({ ...state, steps: 2 }, false, 3);
    expect([...r.losses]).toEqual([0.5, 0.25]);
    expect(r.loss).toBe(0.375);
    expect(p.progress({ ...state, steps: 2 }, false, 4).losses.length).toBe(0);
  });

  it("measures steps per second over the last second of running", () => {
    const p = new TrainPacer();
    p.started(0, 0);
    expect(p.progress({ ...state, steps: 50 }, true, 500).stepsPerSecond).toBe(100);
    expect(p.progress({ ...state, steps: 100 }, true, 1000).stepsPerSecond).toBe(100);
    // Faster now: the window drops the samples older than a second.
    expect(p.progress({ ...state, steps: 400 }, true, 2000).stepsPerSecond).toBe(300);
    expect(p.progress({ ...state, steps: 400 }, false, 2100).stepsPerSecond).toBe(0);
  });

  it("spends at most a third of the time measuring", () => {
    const p = new TrainPacer();
    expect(p.evalDue(0)).toBe(true);
    // A measurement of 200 ms (0 → 200) is followed by 400 ms without one: 200 / 600 = 1/3.
    p.measured(0, { testLoss: 1, testAccuracy: 0, trainLoss: 1, trainAccuracy: 0, rows: { testRows: 0, testSize: 0, trainRows: 0, trainSize: 0 } }, 0, 200);
    expect(p.evalDue(599)).toBe(false);
    expect(p.evalDue(600)).toBe(true);
  });
});

describe("netOf", () => {
  it("reads the spirals' layers and weights from the lowered graph", () => {
    const m = analyze("spirals.nn", spirals).model!;
    expect(netOf(m.graph, "x", "logits")).toEqual({
      layers: [
        { id: "x", units: 2 },
        { id: "h1", units: 16 },
        { id: "h2", units: 16 },
        { id: "logits", units: 2 },
      ],
      links: [
        { from: 0, to: 1, param: "W1" },
        { from: 1, to: 2, param: "W2" },
        { from: 2, to: 3, param: "W3" },
      ],
    });
  });

  it("shows a named pre-activation's layer after its nonlinearity", () => {
    const text = spirals.replace("h1     = tanh(x @ W1 + b1)", "z1 = x @ W1 + b1\n  h1 = relu(z1)");
    const m = analyze("spirals.nn", text).model!;
    const net = netOf(m.graph, "x", "logits")!;
    expect(net.layers.map((l) => l.id)).toEqual(["x", "h1", "h2", "logits"]);
    expect(net.links[0]).toEqual({ from: 0, to: 1, param: "W1" });
  });
});

describe("inspect", () => {
  it("returns hidden values from the interpreter and outputs from the compiled class, with the current parameters", async () => {
    const t = await programTrainer("spirals.nn", spirals);
    for (let i = 0; i < 5; i++) t.step();
    const x = Float32Array.from([0.5, -0.25, -1, 1, 0, 0]);
    const r = answerInspect(t, { type: "inspect", id: 7, rows: { kind: "inputs", count: 3, inputs: { x } }, nodes: ["h1", "logits"], params: ["W1", "b1"] });
    if ("error" in r) throw new Error(r.error);
    expect(r.id).toBe(7);
    expect(r.step).toBe(5);
    expect(r.values["h1"]!.shape).toEqual([3, 16]);
    const W1 = r.params["W1"]!;
    const b1 = r.params["b1"]!;
    expect(W1.shape).toEqual([2, 16]);
    // h1 = tanh(x @ W1 + b1), by hand for row 0, unit 3.
    const byHand = Math.tanh(0.5 * W1.data[3]! - 0.25 * W1.data[16 + 3]! + b1.data[3]!);
    expect(r.values["h1"]!.data[3]).toBeCloseTo(byHand, 5);
    // The interpreter's logits agree with the compiled forward's.
    const fast = answerInspect(t, { type: "inspect", id: 8, rows: { kind: "inputs", count: 3, inputs: { x } }, nodes: ["logits"], params: [] });
    if ("error" in fast) throw new Error(fast.error);
    const slow = r.values["logits"]!.data;
    fast.values["logits"]!.data.forEach((v, i) => {
      expect(v).toBeCloseTo(slow[i]!, 4);
    });
  });

  it("runs the test set through the compiled class and returns its labels and inputs", async () => {
    const t = await programTrainer("spirals.nn", spirals);
    const r = answerInspect(t, { type: "inspect", id: 1, rows: { kind: "test", limit: 50 }, nodes: ["logits"], params: [] });
    if ("error" in r) throw new Error(r.error);
    expect(r.count).toBe(50);
    expect(r.labels?.length).toBe(50);
    expect(r.inputs?.["x"]?.length).toBe(100);
    expect(r.values["logits"]!.shape).toEqual([50, 2]);
    const bad = answerInspect(t, { type: "inspect", id: 2, rows: { kind: "test", limit: 5 }, nodes: ["nope"], params: [] });
    expect(bad).toEqual({ type: "inspected", id: 2, error: "the model has no value `nope`" });
    expect(answerInspect(null, { type: "inspect", id: 3, rows: { kind: "test", limit: 5 }, nodes: [], params: [] })).toEqual({ type: "inspected", id: 3, error: "no model is loaded" });
  });
});
