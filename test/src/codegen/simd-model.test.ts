/**
 * A generated f32 MLP keeps its buffers in one WebAssembly memory (so the SIMD matmuls run), and
 * trains exactly like the same class with plain arrays (the scalar kernels), to f32 rounding; a class
 * carries the relaxed-SIMD kernels where it calls one of them.
 */
import { describe, expect, it } from "vitest";
import { differentiate } from "@nnc/autodiff";
import { generateFrom, loadClass, type Generated } from "./test-harness.ts";
import { lowerExample, lowerSource } from "./test-programs.ts";

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

  it("decodes its kernel modules' base64 text with atob, and where there is none takes plain arrays, with the same gradients", () => {
    const gen = generateFrom({ model: lowerExample("mnist-mlp.nn", "f32"), grad: null, optimizer: null, dtype: "f32", target: "js", source: { file: "mnist-mlp.nn" } });
    const withAtob = loadClass(gen.code, gen.className);
    // "\0asm", version 1: the module's first eight bytes.
    expect([...(Reflect.get(withAtob, "SIMD_BYTES") as Uint8Array).subarray(0, 8)]).toEqual([0, 97, 115, 109, 1, 0, 0, 0]);
    const atob = Reflect.get(globalThis, "atob");
    Reflect.deleteProperty(globalThis, "atob");
    let Cls: ReturnType<typeof loadClass>;
    try {
      Cls = mlpClass();
    } finally {
      Reflect.set(globalThis, "atob", atob);
    }
    expect((Reflect.get(Cls, "SIMD_BYTES") as Uint8Array).length).toBe(0);
    const plain = trained(new Cls(8));
    expect(plain.params["W1"]!.buffer).not.toBe(plain.inputs["x"]!.buffer);
    const simd = trained(new (mlpClass())(8));
    expect(simd.params["W1"]!.buffer).toBe(simd.inputs["x"]!.buffer);
    for (const name of ["W1", "b2"]) {
      const [a, b] = [simd.grads[name]!, plain.grads[name]!];
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!), `${name}[${i}]`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b[i]!)));
    }
  });

  it("carries the relaxed-SIMD module exactly where it calls a kernel the module has: a matmul or a convolution", () => {
    const forwardOnly = (name: string, y: string, body: string): string => {
      const text = `dim B\nmodel M(x: f32[B, 1, 8, 8]) -> (y: f32[${y}]) {\n  param K: f32[4, 1, 3, 3] = he_normal()\n  ${body}\n}\n`;
      return generateFrom({ model: lowerSource(name, text, "f32")[0]!, grad: null, optimizer: null, dtype: "f32", target: "js", source: { file: name } }).code;
    };
    const mlp = lowerExample("mnist-mlp.nn", "f32");
    expect(generateFrom({ model: mlp, grad: null, optimizer: null, dtype: "f32", target: "js", source: { file: "mnist-mlp.nn" } }).code).toContain("static SIMD_RELAXED_BYTES");
    const conv = forwardOnly("conv.nn", "B, 4, 6, 6", "y = conv2d(x, K)");
    expect(conv).toContain(".conv2dSimd(");
    expect(conv).toContain("static SIMD_RELAXED_BYTES");
    // Max-pooling calls the SIMD module too, but no kernel the relaxed module has.
    const pool = forwardOnly("pool.nn", "B, 1, 4, 4", "y = maxpool2d(x, size = 2) + sum(K) * 0");
    expect(pool).toContain(".maxpoolSimd(");
    expect(pool).toContain("static SIMD_BYTES");
    expect(pool).not.toContain("SIMD_RELAXED_BYTES");
  });
});
