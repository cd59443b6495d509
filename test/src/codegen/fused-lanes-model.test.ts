/**
 * Fused elementwise groups in WebAssembly lanes (codegen-ts wasm/fused-lanes.ts, emit-program.ts
 * fusedLaneCode), in a model compiled as `nnc compile` compiles it: layer norm's forward and backward
 * groups (rows, columns and scalars), gelu's backward with its exp, a residual product, and the
 * parameters' gradients summed over rows. The class
 * runs those groups in its own kernels and trains exactly as with plain arrays (the JavaScript loops):
 * the same bits in every gradient, since the lanes take the loops' float64 steps and round once.
 * There is no matmul, whose SIMD kernel rounds differently.
 */
import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";
import { loadClass, type Generated, type GeneratedClass } from "./test-harness.ts";

const TEXT = `dim B
model Fused(x: f32[B, 8, 16]) -> (y: f32[B, 8, 16]) {
  param P: f32[8, 16] = normal(0.0, 0.5)
  param b: f32[16] = normal(0.0, 0.5)
  h = layer_norm(x + P)
  y = gelu(h) * exp(0.0 - h * h) + relu(h) * b
}
train Fused {
  input t: f32[B, 8, 16]
  loss = mean((y - t) * (y - t))
  optimizer = sgd(lr = 0.01)
}
`;

type Specs = readonly (readonly [new (n: number) => Float32Array, number])[];

function trained(Cls: GeneratedClass, batch: number): Generated {
  const cm = new Cls(batch);
  cm.initParams(5);
  const x = cm.inputs["x"]!;
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) * 3;
  const t = cm.inputs["t"]!;
  for (let i = 0; i < t.length; i++) t[i] = Math.cos(i * 0.11);
  cm.trainStep(batch);
  return cm;
}

describe("fused groups in WebAssembly lanes, in a compiled model", () => {
  it("runs the groups in the class's kernels and gives the gradients the JavaScript loops give, bit for bit", () => {
    const c = compile(TEXT, { fileName: "fused.nn", generate: "class", target: "js", threads: 1 });
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const code = c.generated!.code;
    const calls = [...code.matchAll(/_lanes\.(fused\d+)\(/g)].map((m) => m[1]);
    expect(new Set(calls).size, "distinct fused kernels").toBeGreaterThanOrEqual(4);
    expect(code, "b's gradient: a reduction of rows in lanes").toMatch(/db\.fill\(0, 0, 16\);\n\s*\{\n\s*const _lanes = /);
    expect(code, "gelu's backward: exp32 in a fused group").toMatch(/_lanes\.fused\d+\(.*\);\n\s*else \{\n(?:.*\n){0,15}?.*exp32\(/);
    const Cls = loadClass(code, c.generated!.className);
    const lanes = trained(Cls, 3);
    expect(lanes.params["P"]!.buffer).toBe(lanes.inputs["x"]!.buffer);
    const original: unknown = Reflect.get(Cls, "simdArrays");
    Reflect.set(Cls, "simdArrays", (specs: Specs) => specs.map(([C, n]) => new C(n)));
    const plain = trained(Cls, 3);
    Reflect.set(Cls, "simdArrays", original);
    expect(plain.params["P"]!.buffer).not.toBe(plain.inputs["x"]!.buffer);
    for (const name of ["P", "b"]) {
      const [a, p] = [lanes.grads[name]!, plain.grads[name]!];
      expect(p.some((v) => v !== 0), name).toBe(true);
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], p[i])) throw new Error(`${name}[${i}]: ${a[i]} in lanes, ${p[i]} in JavaScript`);
    }
  });
});
