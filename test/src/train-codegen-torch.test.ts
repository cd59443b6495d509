/**
 * The GENERATED update code against PyTorch. For every trajectory of test/reference/train-tables.json,
 * a `.nn` model with the case's train section is compiled by the driver at dtype f64 and run for 5
 * `trainStep`s. Its loss is `sum(gw * W) + sum(gb * b)` with train inputs gw, gb, so fed the recorded
 * gradient set (one row), ∂loss/∂W = gw and ∂loss/∂b = gb exactly: the update the class applies is the
 * one torch applied to the same gradients. Clipping runs inside trainStep; a schedule is applied the
 * way the runtime's loop does, through setLearningRate(learningRate(schedule, lr, t, S)) before each step.
 */
import { learningRate, type CompiledModel } from "@nnc/runtime/core";
import { describe, expect, it } from "vitest";
import { compileProbe, f64 } from "./torch-probe.ts";
import { loadTorchTables, maxRelativeError, TOLERANCE } from "./torch-reference.ts";

const tables = loadTorchTables();

describe("generated update code reproduces PyTorch (dtype f64, 5 trainSteps)", () => {
  for (const c of tables.optimizers) {
    it(`${c.name}  (${c.torch})`, () => {
      const model = compileProbe(c);
      const W = f64(model.params, "W", 6);
      const b = f64(model.params, "b", 3);
      W.set(tables.params.W.values);
      b.set(tables.params.b.values);
      f64(model.inputs, "x", 1).fill(0);
      tables.gradients.forEach((g, k) => {
        f64(model.inputs, "gw", 6).set(g.W);
        f64(model.inputs, "gb", 3).set(g.b);
        if (c.schedule !== null) {
          const lr = learningRate(c.schedule, Number(c.optimizer.args["lr"]), k, c.schedule.totalSteps);
          expect(Math.abs(lr - c.lr[k]!) / c.lr[k]!, `lr at t = ${k}`).toBeLessThan(TOLERANCE);
          model.setLearningRate(lr);
        }
        // The loss is read at the parameters before the update: Σ gw·W + Σ gb·b.
        let want = 0;
        for (let i = 0; i < 6; i++) want += g.W[i]! * W[i]!;
        for (let i = 0; i < 3; i++) want += g.b[i]! * b[i]!;
        const loss = model.trainStep(1);
        expect(Math.abs(loss - want), `loss at step ${k + 1}`).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
        const step = c.steps[k]!;
        expect(maxRelativeError(W, step.W), `W after step ${k + 1}: ${[...W].join(", ")} vs torch ${step.W.join(", ")}`).toBeLessThan(TOLERANCE);
        expect(maxRelativeError(b, step.b), `b after step ${k + 1}: ${[...b].join(", ")} vs torch ${step.b.join(", ")}`).toBeLessThan(TOLERANCE);
      });
    });
  }

  for (const name of ["sgd", "sgd momentum, clip global_norm", "adam, clip value"]) {
    it(`the probe's gradients are the fed values, and stay unclipped after the update (${name})`, () => {
      const model = compileProbe(tables.optimizers.find((c) => c.name === name)!);
      const grads = (model as CompiledModel & { readonly grads?: Readonly<Record<string, ArrayLike<number>>> }).grads;
      if (grads === undefined) throw new Error("the generated class exposes no `grads` to check the premise with");
      f64(model.params, "W", 6).set(tables.params.W.values);
      f64(model.params, "b", 3).set(tables.params.b.values);
      for (const g of tables.gradients) {
        f64(model.inputs, "gw", 6).set(g.W);
        f64(model.inputs, "gb", 3).set(g.b);
        model.trainStep(1);
        expect([...f64(grads, "W", 6).subarray(0, 6)]).toEqual(g.W);
        expect([...f64(grads, "b", 3).subarray(0, 3)]).toEqual(g.b);
      }
    });
  }
});
