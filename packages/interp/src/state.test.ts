/** Buffers (fed like params, initialized from Graph.inits), the training flag and buffer updates. */
import { sym, tensorType, type Graph } from "@nnc/ir";
import { GraphBuilder, lookupOp, tensor } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { FeedError } from "./feed-error.ts";
import { initBuffers, initParams } from "./init.ts";
import { bufferUpdates, interpret } from "./interpret.ts";

const B = sym("B");

/**
 * m = mean(x, axis 0); y = x − where(training, m, mean_run) (broadcast over B);
 * next mean_run = 0.9·mean_run + 0.1·m; a second buffer `count` (i32, constant 7) has no update.
 */
function runningMean(withUpdate = true): Graph {
  const g = new GraphBuilder(lookupOp, "RM", {}, ["B"]);
  const x = g.addTyped("input", [], { role: "model", dtype: "f64", shape: [B, 2] }, tensorType("f64", [B, 2]), { name: "x" });
  const run = g.addTyped("buffer", [], { dtype: "f64", shape: [2] }, tensorType("f64", [2]), { name: "mean_run" });
  g.setInit(run, { kind: "values", values: [10, 20] });
  const count = g.addTyped("buffer", [], { dtype: "i32", shape: [] }, tensorType("i32", []), { name: "count" });
  g.setInit(count, { kind: "constant", value: 7 });
  const tr = g.addTyped("training", [], {}, tensorType("bool", []), { name: "training" });
  const m = g.add("reduce_mean", [x], { axes: [0], keepdims: false }, { name: "m" });
  const mu = g.add("where", [g.add("broadcast", [tr], { shape: [2] }), m, run], {}, { name: "mu" });
  const y = g.add("add", [x, g.add("neg", [g.add("broadcast", [mu], { shape: [B, 2] })])], {}, { name: "y" });
  const k9 = g.add("const", [], { value: 0.9, dtype: "f64", shape: [2] });
  const k1 = g.add("const", [], { value: 0.1, dtype: "f64", shape: [2] });
  const next = g.add("add", [g.add("mul", [k9, run]), g.add("mul", [k1, m])], {}, { name: "next_mean" });
  if (withUpdate) g.addUpdate({ buffer: run, value: next });
  return g.finish([{ name: "y", id: y }]);
}

const x = tensor([2, 2], [1, 2, 3, 6]); // batch mean [2, 4]

describe("interpreting buffers and the training flag", () => {
  it("initBuffers follows Graph.inits; params are not buffers and buffers are not params", () => {
    const g = runningMean();
    const bufs = initBuffers(g, 1);
    expect(Object.keys(bufs).sort()).toEqual(["count", "mean_run"]);
    expect([...bufs["mean_run"]!.data]).toEqual([10, 20]);
    expect([...bufs["count"]!.data]).toEqual([7]);
    expect(Object.keys(initParams(g, 1))).toEqual([]);
  });

  it("`where(training, …)` takes the batch statistic in a training step and the buffer otherwise", () => {
    const g = runningMean();
    const feeds = { x, ...initBuffers(g, 1) };
    const train = interpret(g, feeds, { training: true });
    const evalv = interpret(g, feeds);
    expect([...train.get("y")!.data]).toEqual([-1, -2, 1, 2]);
    expect([...evalv.get("y")!.data]).toEqual([-9, -18, -7, -14]);
    expect([...train.get("training")!.data]).toEqual([1]);
    expect([...evalv.get("training")!.data]).toEqual([0]);
  });

  it("bufferUpdates gives each updated buffer its value after the step: 0.9·run + 0.1·m", () => {
    const g = runningMean();
    const values = interpret(g, { x, ...initBuffers(g, 1) }, { training: true });
    const after = bufferUpdates(g, values);
    expect(Object.keys(after)).toEqual(["mean_run"]);
    const got = [...after["mean_run"]!.data];
    expect(got[0]).toBeCloseTo(0.9 * 10 + 0.1 * 2, 12);
    expect(got[1]).toBeCloseTo(0.9 * 20 + 0.1 * 4, 12);
  });

  it("a buffer must be fed like a param: missing, wrong shape and non-integral i32 values are FeedErrors", () => {
    const g = runningMean();
    const bufs = initBuffers(g, 1);
    expect(() => interpret(g, { x, count: bufs["count"]! })).toThrow(new FeedError("missing", "mean_run", "no value fed for buffer `mean_run`: f64[2]", "f64[2]"));
    expect(() => interpret(g, { x, ...bufs, mean_run: tensor([3]) })).toThrow(FeedError);
    expect(() => interpret(g, { x, ...bufs, count: tensor([], [1.5]) })).toThrow(/`count` is i32 but element 0 is 1.5/);
  });

  it("a graph without updates has none after a step", () => {
    const g = runningMean(false);
    expect(g.updates).toBeUndefined();
    expect(bufferUpdates(g, interpret(g, { x, ...initBuffers(g, 1) }, { training: true }))).toEqual({});
  });
});
