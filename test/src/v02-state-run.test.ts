/**
 * Buffers in generated code (issue 11, item 6, the execution half): training steps move the running
 * statistics as the `next` formulas say (checked against float64 arithmetic done here), nothing else
 * touches them, inference uses them (a row's output does not depend on its batch), and the generated
 * class agrees with the reference interpreter on outputs, loss, gradients and buffer updates.
 */
import { bufferUpdates, interpret } from "@nnc/interp";
import { tensor, type Tensor } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { BATCH_NORM, compiled, INFERENCE_ONLY, instance, matmul, values } from "./v02-state-run-support.ts";

const ROWS = 5;

/** Column means and (biased) variances of h [rows, n]. */
function stats(h: readonly number[], rows: number, n: number): { m: number[]; v: number[] } {
  const m = Array.from({ length: n }, (_, j) => h.filter((_, i) => i % n === j).reduce((a, b) => a + b, 0) / rows);
  const v = Array.from({ length: n }, (_, j) => h.filter((_, i) => i % n === j).reduce((a, b) => a + (b - m[j]!) ** 2, 0) / rows);
  return { m, v };
}

/** Every element of `got` within 1e-12 of `want` (the same length). */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, label: string): void {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(got[i], `${label}[${i}]`).toBeCloseTo(want[i]!, 12);
}

describe("buffers in the generated class", () => {
  const c = compiled(BATCH_NORM);

  it("are initialized by initParams, listed in meta, and kept out of params, grads and optimizer state", () => {
    const cm = instance(c, ROWS);
    expect(Array.from(cm.buffers!["mean_run"]!)).toEqual([0, 0, 0, 0]);
    expect(Array.from(cm.buffers!["var_run"]!)).toEqual([1, 1, 1, 1]);
    expect(Array.from(cm.buffers!["steps"]!)).toEqual([0]);
    expect(cm.meta.buffers).toEqual([
      { name: "mean_run", dtype: "f64", shape: [4], updated: true },
      { name: "var_run", dtype: "f64", shape: [4], updated: true },
      { name: "steps", dtype: "f64", shape: [], updated: true },
    ]);
    expect(Object.keys(cm.params).sort()).toEqual(["V", "W", "b", "g"]);
    expect(Object.keys(cm.grads).sort()).toEqual(["V", "W", "b", "g"]);
  });

  it("take their `next` values after each training step, as the formulas say (float64 recurrence)", () => {
    const cm = instance(c, ROWS);
    let mean = [0, 0, 0, 0];
    let vars = [1, 1, 1, 1];
    for (let step = 0; step < 3; step++) {
      const x = values(ROWS * 3, 10 + step);
      cm.inputs["x"]!.set(x);
      cm.inputs["t"]!.set(values(ROWS * 2, 20 + step));
      // The step's statistics are those of x @ W with W before this step's update.
      const { m, v } = stats(matmul(x, cm.params["W"]!, ROWS, 3, 4), ROWS, 4);
      expect(Number.isFinite(cm.trainStep(ROWS))).toBe(true);
      mean = mean.map((r, j) => 0.9 * r + 0.1 * m[j]!);
      vars = vars.map((r, j) => 0.9 * r + 0.1 * v[j]!);
      expectClose(cm.buffers!["mean_run"]!, mean, "mean_run");
      expectClose(cm.buffers!["var_run"]!, vars, "var_run");
      expect(cm.buffers!["steps"]![0]).toBe(step + 1);
    }
  });

  it("are left alone by forward, evalLoss, and by a step with training off or a skipped update", () => {
    const cm = instance(c, ROWS);
    cm.inputs["x"]!.set(values(ROWS * 3, 3));
    cm.inputs["t"]!.set(values(ROWS * 2, 4));
    cm.trainStep(ROWS);
    const before = Array.from(cm.buffers!["mean_run"]!);
    cm.forward(ROWS);
    cm.evalLoss(ROWS);
    expect(Array.from(cm.buffers!["mean_run"]!)).toEqual(before);
    cm.setTraining(false);
    cm.trainStep(ROWS);
    expect(Array.from(cm.buffers!["mean_run"]!)).toEqual(before);
    cm.setTraining(true);
    cm.inputs["t"]![0] = Number.NaN; // a non-finite loss skips the update: buffers too
    expect(Number.isNaN(cm.trainStep(ROWS))).toBe(true);
    expect(Array.from(cm.buffers!["mean_run"]!)).toEqual(before);
    expect(cm.buffers!["steps"]![0]).toBe(1);
  });

  it("make inference independent of the batch: a row's prediction is the same in any batch (running statistics)", () => {
    const cm = instance(c, 8);
    for (let step = 0; step < 4; step++) {
      cm.inputs["x"]!.set(values(8 * 3, 30 + step));
      cm.inputs["t"]!.set(values(8 * 2, 40 + step));
      cm.trainStep(8);
    }
    const row = values(3, 99);
    const predict = (others: readonly number[], rows: number): number[] => {
      cm.inputs["x"]!.set([...row, ...others]);
      cm.forward(rows);
      return Array.from(cm.outputs["y"]!.subarray(0, 2));
    };
    const alone = predict([], 1);
    const inA = predict(values(7 * 3, 7), 8);
    const inB = predict(values(3 * 3, 8).map((v) => 10 * v), 4);
    expect(inA).toEqual(alone);
    expect(inB).toEqual(alone);
    // The same rows in a training step use the batch's statistics: the first row's output changes with its batch.
    cm.inputs["x"]!.set([...row, ...values(7 * 3, 7)]);
    cm.trainStep(8);
    expect(Array.from(cm.outputs["y"]!.subarray(0, 2))).not.toEqual(alone);
  });

  it("agree with the interpreter: inference outputs, and in training mode outputs, loss, gradients and the buffers' next values", () => {
    const cm = instance(c, ROWS, 5);
    // Buffers away from their initial values, so each term of the updates is exercised.
    cm.buffers!["mean_run"]!.set([0.5, -0.25, 1, 2]);
    cm.buffers!["var_run"]!.set([2, 0.5, 1.5, 3]);
    const x = values(ROWS * 3, 50);
    const t = values(ROWS * 2, 51);
    cm.inputs["x"]!.set(x);
    cm.inputs["t"]!.set(t);
    const g = c.optimized!.graph;
    const feeds: Record<string, Tensor> = { x: tensor([ROWS, 3], x), t: tensor([ROWS, 2], t) };
    for (const n of g.nodes) {
      const shape = n.type.shape.map(Number);
      if (n.op === "param") feeds[n.id] = tensor(shape, Array.from(cm.params[n.id]!));
      if (n.op === "buffer") feeds[n.id] = tensor(shape, Array.from(cm.buffers![n.id]!));
    }
    // Inference (forward): the running statistics, as the interpreter's default training = false.
    cm.forward(ROWS);
    expectClose(cm.outputs["y"]!.subarray(0, ROWS * 2), interpret(g, feeds).get("y")!.data, "y (inference)");
    const ref = interpret(g, feeds, { training: true });
    const loss = cm.trainStep(ROWS);
    expect(loss).toBeCloseTo(ref.get(c.model!.train!.loss)!.data[0]!, 12);
    for (const [w, id] of Object.entries(c.optimized!.grads)) expectClose(cm.grads[w]!, ref.get(id)!.data, `d${w}`);
    expectClose(cm.outputs["y"]!.subarray(0, ROWS * 2), ref.get("y")!.data, "y");
    const next = bufferUpdates(g, ref);
    expect(Object.keys(next).sort()).toEqual(["mean_run", "steps", "var_run"]);
    for (const [name, want] of Object.entries(next)) expectClose(cm.buffers![name]!, want.data, name);
  });

  it("an i32 counter and a constant bool mask: integer arrays, counted per applied step, the mask read as given", () => {
    const ic = compiled(`dim B
model C(x: f32[B, 2]) -> (y: f32[B, 2]) {
  param W: f32[2, 2] = ones()
  buffer n: i32 = zeros()
  buffer keep: bool[2] = values([1, 0])
  next n = n + 1
  y = where(keep, x @ W, 0.0)
}
train C {
  loss = mean(y ^ 2)
  optimizer = sgd(lr = 0.1)
}
`, "f32");
    const cm = instance(ic, 2);
    expect(cm.buffers!["n"]).toBeInstanceOf(Int32Array);
    expect(cm.buffers!["keep"]).toBeInstanceOf(Uint8Array);
    expect(Array.from(cm.buffers!["keep"]!)).toEqual([1, 0]);
    expect(cm.meta.buffers!.map((b) => [b.name, b.dtype, b.updated])).toEqual([["n", "i32", true], ["keep", "bool", false]]);
    cm.inputs["x"]!.set([1, 2, 3, 4]);
    cm.trainStep(2);
    cm.trainStep(2);
    expect(Array.from(cm.buffers!["n"]!)).toEqual([2]);
    cm.forward(2);
    // keep = [1, 0]: the second column is masked; the first is x @ W's (W after two sgd steps, same for every column).
    const y = Array.from(cm.outputs["y"]!.subarray(0, 4));
    expect([y[1], y[3]]).toEqual([0, 0]);
    expect(y[0]).not.toBe(0);
  });

  it("a model without a train section reads `training` as false and its buffers as constants", () => {
    const cm = instance(compiled(INFERENCE_ONLY), 2);
    cm.inputs["x"]!.set([1, 2, 3, 4, 8, 6]);
    cm.forward(2);
    expect(Array.from(cm.outputs["y"]!.subarray(0, 6))).toEqual([0.5, 1.5, 2.5, 3.5, 7.5, 5.5]);
    expect(() => cm.trainStep(2)).toThrow("model P has no loss (no train section)");
  });
});
