import { differentiate } from "@nnc/autodiff";
import type { MemoryTensor } from "@nnc/runtime";
import { describe, expect, it } from "vitest";
import { compactMemoryPlan, MAX_INLINE_DEPTH } from "@nnc/codegen-ts";
import { generateFrom, loadClass } from "./test-harness.ts";
import { lowerExample, lowerSource } from "./test-programs.ts";

function planBytes(plan: readonly MemoryTensor[], batch: number): number {
  return plan.reduce((s, t) => s + t.elements.reduce((a, c, k) => a + c * batch ** k, 0) * t.bytesPerElement, 0);
}

/** Bytes of every distinct typed array a constructed model holds (its buffers and optimizer state). */
function allocatedBytes(instance: object): number {
  const arrays = new Set<ArrayBufferView>();
  for (const v of Object.values(instance)) if (ArrayBuffer.isView(v)) arrays.add(v);
  return [...arrays].reduce((s, a) => s + a.byteLength, 0);
}

describe("the memory plan is what the class allocates", () => {
  it.each([
    ["spirals.nn", "f32"],
    ["mnist-mlp.nn", "f32"],
    ["cnn.nn", "f64"],
    ["blocks.nn", "f32"],
  ] as const)("%s (%s), with its optimizer, at batches 1 and 37", (file, dtype) => {
    const model = lowerExample(file, dtype);
    const grad = differentiate({ graph: model.graph, of: model.train!.loss });
    const gen = generateFrom({ model, grad, optimizer: model.train!.optimizer, dtype, target: "js", source: { file } });
    const Cls = loadClass(gen.code, gen.className);
    for (const batch of [1, 37]) expect(planBytes(gen.memory, batch)).toBe(allocatedBytes(new Cls(batch)));
  });

  it("names params, gradients and adam's two moments, each the size of its param", () => {
    const model = lowerExample("spirals.nn", "f32");
    const grad = differentiate({ graph: model.graph, of: model.train!.loss });
    const gen = generateFrom({ model, grad, optimizer: model.train!.optimizer, dtype: "f32", target: "js", source: { file: "spirals.nn" } });
    const bytes = (role: string): number => planBytes(gen.memory.filter((t) => t.role === role), 32);
    // 2·16 + 16 + 16·16 + 16 + 16·2 + 2 = 354 parameters of 4 bytes; adam adds m and v and a step count.
    expect(bytes("param")).toBe(354 * 4);
    expect(bytes("gradient")).toBe(354 * 4);
    expect(bytes("optimizer")).toBe(2 * 354 * 4 + 8);
    expect(gen.memory.find((t) => t.name === "W1")).toEqual({ name: "W1", role: "param", bytesPerElement: 4, elements: [32] });
    expect(gen.memory.find((t) => t.name === "x")).toEqual({ name: "x", role: "input", bytesPerElement: 4, elements: [0, 2] });
  });
});

describe("compactMemoryPlan", () => {
  it("keeps a short plan, and sums a long one's small entries without changing its total", () => {
    const plan: MemoryTensor[] = Array.from({ length: 200 }, (_, i) => ({ name: `t${i}`, role: "activation", bytesPerElement: 4, elements: i % 2 === 0 ? [i] : [0, i] }));
    expect(compactMemoryPlan(plan.slice(0, 64))).toEqual(plan.slice(0, 64));
    const c = compactMemoryPlan(plan);
    expect(c.length).toBe(33);
    expect(c.at(-1)).toMatchObject({ name: "168 smaller arrays", role: "other" });
    for (const b of [1, 64, 1e6]) expect(planBytes(c, b)).toBe(planBytes(plan, b));
    expect(c.map((t) => t.name)).toContain("t199");
    expect(c.map((t) => t.name)).toContain("t198");
  });
});

describe(`fused expressions nest at most ${MAX_INLINE_DEPTH} values`, () => {
  it("a 20,000-term sum compiles (no recursion along the chain) and computes the sum", () => {
    const text = `dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  y = x${" + x".repeat(20000)}\n}\n`;
    const model = lowerSource("sum.nn", text, "f32")[0]!;
    const gen = generateFrom({ model, grad: null, optimizer: null, dtype: "f32", target: "js", source: { file: "sum.nn" } });
    const cm = new (loadClass(gen.code, gen.className))(1);
    cm.inputs["x"]!.set([0.5, -1]);
    cm.forward(1);
    expect(Array.from(cm.outputs["y"]!)).toEqual([0.5 * 20001, -20001]);
  });
});
