import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "./check.ts";
import { modelMemory } from "./memory.ts";
import { compile } from "./node.ts";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const read = (name: string): string => readFileSync(join(examples, name), "utf8");

/** 30000² f32 parameters: 3.35 GiB, and as much again for the gradient. */
const BIG = `dim B
model Big(x: f32[B, 2]) -> (y: f32[B, 30000]) {
  param W: f32[2, 30000]
  param V: f32[30000, 30000]
  y = (x @ W) @ V
}
train Big {
  input t: f32[B, 30000]
  loss = mean((y - t) ^ 2)
  optimizer = sgd(lr = 0.1)
}
`;

describe("modelMemory", () => {
  it("counts parameters and plans training memory at the train section's batch", () => {
    const m = modelMemory(checkSource("mnist-mlp.nn", read("mnist-mlp.nn")).lowered[0]!, { dtype: "f32" });
    expect(m.params).toBe(784 * 128 + 128 + 128 * 10 + 10);
    expect(m.paramBytes).toBe(4 * m.params);
    expect(m.batch).toBe(64);
    expect(m.training).toBe(true);
    // params + gradients + adam's m and v (4 × params) + the 64×784 input, and more for activations
    expect(m.bytes).toBeGreaterThan(4 * m.paramBytes + 64 * 784 * 4);
    expect(modelMemory(checkSource("mnist-mlp.nn", read("mnist-mlp.nn")).lowered[0]!, { dtype: "f32", batch: 128 }).bytes).toBeGreaterThan(m.bytes!);
  });

  it("plans a 30000×30000 model without allocating it", () => {
    const m = modelMemory(checkSource("big.nn", BIG).lowered[0]!, { dtype: "f32" });
    expect(m.params).toBe(2 * 30000 + 30000 * 30000);
    expect(m.bytes).toBeGreaterThan(2 * m.paramBytes);
  });

  it("has no plan for a model with a second symbolic dim", () => {
    const seq = "dim B, T\nmodel S(x: f32[B, T, 2]) -> (y: f32[B, 2]) {\n  y = sum(x, axis = 1)\n}\n";
    const m = modelMemory(checkSource("seq.nn", seq).lowered[0]!, { dtype: "f32" });
    expect(m).toMatchObject({ params: 0, plan: null, bytes: null, training: false });
  });
});

describe("compileProgram refuses a plan over the memory limit (E0667)", () => {
  it("names the largest tensors and their sizes, with a hint, and returns no code", () => {
    const r = compile(BIG, { fileName: "big.nn", target: "js", dtype: "f32", maxMemory: 2 ** 30 });
    expect(r.program).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0667"]);
    const d = r.diagnostics[0]!;
    expect(d.message).toMatch(/^`Big` needs 6\.\d\d GiB at batch 32, more than the memory limit of 1\.00 GiB; the largest tensors: `V` \(param\) 3\.35 GiB, `dV` \(gradient\) 3\.35 GiB/);
    expect(d.help).toMatch(/lower the batch \(--batch N\)/);
    expect(d.span.line).toBe(2);
  });

  it("checks at the batch it is given: spirals fits at 32 but not at 10^9", () => {
    const ok = compile(read("spirals.nn"), { fileName: "spirals.nn", target: "js", dtype: "f32", maxMemory: 2 ** 30 });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.program).toContain('"memory": [');
    const r = compile(read("spirals.nn"), { fileName: "spirals.nn", target: "js", dtype: "f32", maxMemory: 2 ** 30, batch: 1e9 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0667"]);
    expect(r.diagnostics[0]!.message).toContain("at batch 1000000000");
  });

  it("refuses a tensor no typed array holds even under a huge limit", () => {
    const r = compile(read("spirals.nn"), { fileName: "spirals.nn", target: "js", dtype: "f32", maxMemory: 2 ** 60, batch: 1e9 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0667"]);
    expect(r.diagnostics[0]!.message).toMatch(/elements, more than one typed array holds \(2\^32\)$/);
  });
});
