/**
 * A generated f32 MLP keeps its buffers in one WebAssembly memory (so the SIMD matmuls run), and
 * trains exactly like the same class with plain arrays (the scalar kernels), to f32 rounding.
 */
import { describe, expect, it } from "vitest";
import { differentiate } from "@nnc/autodiff";
import { generateFrom, loadClass, type Generated } from "./test-harness.ts";
import { lowerExample } from "./test-programs.ts";

type Specs = readonly (readonly [new (n: number) => Float32Array, number])[];

function mlpClass(): new (maxBatch: number) => Generated {
  const model = lowerExample("mnist-mlp.nn", "f32");
  const grad = differentiate({ graph: model.graph, of: model.train!.loss });
  const gen = generateFrom({ model, grad, optimizer: null, dtype: "f32", target: "js", source: { file: "mnist-mlp.nn" } });
  expect(gen.code).toContain("static simdArrays(");
  return loadClass(gen.code, gen.className);
}

function trained(cm: Generated): Generated {
  cm.initParams(5);
  const x = cm.inputs["x"]!;
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37);
  const label = cm.inputs["label"]!;
  for (let i = 0; i < label.length; i++) label[i] = (i * 7) % 10;
  cm.trainStep(8);
  return cm;
}

describe("SIMD buffers in generated models", () => {
  it("one memory for every buffer, same gradients as plain arrays", () => {
    const Cls = mlpClass();
    const simd = trained(new Cls(8));
    expect(simd.params["W1"]!.buffer).toBe(simd.inputs["x"]!.buffer);
    expect(simd.grads["W1"]!.buffer).toBe(simd.inputs["x"]!.buffer);
    const original: unknown = Reflect.get(Cls, "simdArrays");
    Reflect.set(Cls, "simdArrays", (specs: Specs) => specs.map(([C, n]) => new C(n)));
    const plain = trained(new Cls(8));
    Reflect.set(Cls, "simdArrays", original);
    expect(plain.params["W1"]!.buffer).not.toBe(plain.inputs["x"]!.buffer);
    for (const name of ["W1", "b1", "W2", "b2"]) {
      const [a, b] = [simd.grads[name]!, plain.grads[name]!];
      let scale = 0;
      for (const v of b) scale = Math.max(scale, Math.abs(v));
      expect(scale).toBeGreaterThan(0);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!), `${name}[${i}]`).toBeLessThanOrEqual(1e-5 * scale);
    }
  });
});
