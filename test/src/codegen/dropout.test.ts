import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { checkSource, gradient } from "@nnc/compiler";
import type { CompiledModel, FloatArray } from "@nnc/runtime";
import { generateFrom } from "./test-harness.ts";

type Generated = CompiledModel & { readonly grads: Readonly<Record<string, FloatArray>>; setTraining(on: boolean): void };

const src = `dim B
model D(x: f32[B, 1000]) -> (y: f32[B, 1000]) {
  param s: f32[1000] = ones()
  y = dropout(x * s, p = 0.25)
}
train D {
  loss = sum(y)
  optimizer = sgd(lr = 0.1)
}
`;

function load(dtype: "f32" | "f64"): Generated {
  const model = checkSource("d.nn", src, { dtype }).lowered[0]!;
  const gen = generateFrom({ model, grad: gradient(model, model.train!.loss), optimizer: null, dtype, target: "js", source: { file: "d.nn" } });
  const Cls = runInThisContext(`(() => {\n"use strict";\n${gen.code}\nreturn ${gen.className};\n})()`) as new (maxBatch: number) => Generated;
  const cm = new Cls(2);
  cm.initParams(1);
  cm.inputs["x"]!.fill(1);
  return cm;
}

describe("dropout in generated code", () => {
  it("in training drops about p of the elements and scales the rest by 1/(1-p); the gradient uses the same mask", () => {
    const cm = load("f64");
    const loss = cm.trainStep(2);
    const y = Array.from(cm.outputs["y"]!.subarray(0, 2000));
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 4 / 3) < 1e-12)).toBe(true);
    // 2000 Bernoulli(0.75) draws: 1500 ± 19 (1σ); 6σ bounds cannot fail by chance in practice.
    expect(kept.length).toBeGreaterThan(1500 - 6 * 19.4);
    expect(kept.length).toBeLessThan(1500 + 6 * 19.4);
    expect(loss).toBeCloseTo(kept.length * (4 / 3), 9);
    // d loss/d s_j = Σ_rows mask_ij·x_ij/(1−p): the mask of the step, not a fresh one.
    const ds = cm.grads["s"]!;
    for (let j = 0; j < 1000; j++) expect(ds[j]).toBeCloseTo(y[j]! + y[1000 + j]!, 12);
  });

  it("with training off (what nnc eval uses) is the identity", () => {
    const cm = load("f32");
    cm.setTraining(false);
    expect(cm.trainStep(2)).toBe(2000);
    expect(Array.from(cm.outputs["y"]!.subarray(0, 2000)).every((v) => v === 1)).toBe(true);
  });
});
