/**
 * Whole runs against PyTorch: the runtime's TrainSession (the loop of `nnc train` and the playground)
 * drives the generated class of a probe whose train section names an optimizer, a schedule and maybe
 * a clip, for 2 epochs of 3 one-row steps. Every example is the same gradient set, so the shuffle
 * cannot change the run, and the loss `sum(gw * W) + sum(gb * b) + 0.5 * (sum(W * W) + sum(b * b))`
 * makes each step's gradient depend on the parameters (∂/∂W = gw + W). The schedule must count t over
 * the whole run (S = epochs × steps per epoch), as torch's scheduler stepped once per optimizer step.
 */
import { bindData, dataFromArrays, TrainSession } from "@nnc/runtime/core";
import { describe, expect, it } from "vitest";
import { compileProbeWithTrain, f64 } from "./torch-probe.ts";
import { loadTorchTables, maxRelativeError, TOLERANCE } from "./torch-reference.ts";

const tables = loadTorchTables();
const sessions = tables.sessions;

describe("TrainSession + generated code reproduce a PyTorch run with a schedule (dtype f64)", () => {
  it("the tables hold runs under four schedules, each S = epochs × examples steps long", () => {
    expect(new Set(sessions.map((c) => c.schedule.kind)).size).toBeGreaterThanOrEqual(4);
    for (const c of sessions) expect(c.totalSteps).toBe(c.epochs * c.examples);
  });

  for (const c of sessions) {
    it(`${c.name}  (${c.torch})`, () => {
      const { model, train } = compileProbeWithTrain(c, c.loss, c.batch);
      // What the program hands the loop: the lowered schedule and the optimizer's lr.
      expect(train.schedule).toEqual(c.schedule);
      const baseLr = train.optimizer.args["lr"];
      expect(baseLr).toBe(c.optimizer.args["lr"]);
      f64(model.params, "W", 6).set(tables.params.W.values);
      f64(model.params, "b", 3).set(tables.params.b.values);
      const g = tables.gradients[0]!;
      const repeat = (v: readonly number[]): Float64Array => Float64Array.from({ length: c.examples * v.length }, (_, i) => v[i % v.length]!);
      const split = dataFromArrays(
        "probe-data",
        [
          { name: "x", shape: [1], data: new Float64Array(c.examples), byteScale: 1 },
          { name: "gw", shape: [2, 3], data: repeat(g.W), byteScale: 1 },
          { name: "gb", shape: [3], data: repeat(g.b), byteScale: 1 },
        ],
        0,
        1,
      );
      expect(split.validation).toBeNull();
      const session = new TrainSession(model, bindData(model.meta, split.train, true), null, {
        epochs: c.epochs,
        seed: 5,
        baseLr: typeof baseLr === "number" ? baseLr : null,
        schedule: train.schedule,
        metrics: [],
        batch: c.batch,
      });
      expect(session.totalSteps).toBe(c.totalSteps);
      let k = 0;
      while (!session.finished) {
        const r = session.step();
        expect(r.t).toBe(k);
        expect(Math.abs(r.lr! - c.lr[k]!) / c.lr[k]!, `lr at t = ${k}: ${r.lr} vs torch ${c.lr[k]}`).toBeLessThan(TOLERANCE);
        expect(Math.abs(r.loss - c.losses[k]!) / Math.max(1, Math.abs(c.losses[k]!)), `loss at t = ${k}`).toBeLessThan(TOLERANCE);
        const want = c.steps[k]!;
        expect(maxRelativeError(f64(model.params, "W", 6), want.W), `W after step ${k + 1}`).toBeLessThan(TOLERANCE);
        expect(maxRelativeError(f64(model.params, "b", 3), want.b), `b after step ${k + 1}`).toBeLessThan(TOLERANCE);
        if (r.epochComplete) session.endEpoch();
        k++;
      }
      expect(k).toBe(c.totalSteps);
    });
  }
});
