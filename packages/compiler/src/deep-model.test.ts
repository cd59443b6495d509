/**
 * Compile cost grows linearly with a model's depth, checked by counting work instead of timing it:
 * V8's precise block coverage counts every function call and every executed block (loop bodies and
 * callbacks included) of the compiler's sources, which is deterministic under any load. Each stage
 * must do at most RATIO times the work on a model twice as deep (a linear stage does ≈ 2×; the
 * quadratic ones this guards against did 2.6–3.1× at these sizes and worse beyond).
 */
import { Session } from "node:inspector/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSource } from "./check.ts";
import { buildClass } from "./build-class.ts";
import { gradient, optimizeGradient } from "./pipeline.ts";
import { compile as compileNode } from "./node.ts";

const RATIO = 2.4;

/** `depth` layers of a given shape; every kind trains, so the backward pass is compiled too. */
function deepModel(kind: "chain" | "shared" | "sum", depth: number): string {
  const body: string[] = [];
  if (kind === "chain") {
    // Separate parameters per layer: a long chain whose activations all live until the backward pass.
    body.push("  h0 = x");
    for (let i = 1; i <= depth; i++) body.push(`  param W${i}: f32[4, 4] = glorot_uniform()`, `  param b${i}: f32[4] = zeros()`, `  h${i} = relu(h${i - 1} @ W${i} + b${i})`);
  } else if (kind === "shared") {
    // One W and b used by every layer: their gradients are fan-out sums of `depth` terms.
    body.push("  param W: f32[4, 4] = glorot_uniform()", "  param b: f32[4] = zeros()", "  h0 = x");
    for (let i = 1; i <= depth; i++) body.push(`  h${i} = relu(h${i - 1} @ W + b)`);
  } else {
    // One value added `depth` times: `a + a + … + a`.
    body.push("  param s: f32[4] = ones()", "  a = x * s", `  h${depth} = ${Array.from({ length: depth }, () => "a").join(" + ")}`);
  }
  return [
    "dim B",
    "model Deep(x: f32[B, 4]) -> (y: f32[B, 4]) {",
    ...body,
    `  y = h${depth}`,
    "}",
    "train Deep {",
    "  input t: f32[B, 4]",
    "  loss = mean((y - t) * (y - t))",
    "  optimizer = sgd(lr = 0.01)",
    "}",
    "",
  ].join("\n");
}

/** Counts executed blocks of the workspace's sources between calls (taking the coverage resets it). */
async function workCounter(): Promise<{ take: () => Promise<number>; stop: () => Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });
  const take = async (): Promise<number> => {
    const { result } = await session.post("Profiler.takePreciseCoverage");
    let total = 0;
    for (const script of result) {
      if (!script.url.includes("/packages/") || script.url.includes("/node_modules/")) continue;
      for (const f of script.functions) for (const r of f.ranges) total += r.count;
    }
    return total;
  };
  const stop = async (): Promise<void> => {
    await session.post("Profiler.stopPreciseCoverage");
    await session.post("Profiler.disable");
    session.disconnect();
  };
  return { take, stop };
}

type Stage = "check" | "differentiate" | "optimize" | "codegen" | "compileProgram";

/** The work of each stage of compiling a model of `depth` layers. */
async function stageWork(kind: "chain" | "shared" | "sum", depth: number, take: () => Promise<number>): Promise<Record<Stage, number>> {
  const text = deepModel(kind, depth);
  await take();
  const checked = checkSource("deep.nn", text, { dtype: "f32" });
  const check = await take();
  expect(checked.diagnostics).toEqual([]);
  const model = checked.lowered[0]!;
  const grad = gradient(model, model.train!.loss);
  const differentiate = await take();
  const opt = optimizeGradient(grad);
  const optimized = await take();
  buildClass(model, opt, opt.graph, [], { dtype: "f32", target: "ts", file: "deep.nn" });
  const codegen = await take();
  const whole = compileNode(text, { fileName: "deep.nn", target: "js", dtype: "f32" });
  const compile = await take();
  expect(whole.program).toBeDefined();
  return { check, differentiate, optimize: optimized, codegen, compileProgram: compile };
}

describe("compile work grows linearly with depth", { timeout: 600_000 }, () => {
  // One coverage session for the file: restarting precise coverage leaves the already compiled
  // functions without block counters, so counts taken after a restart would be incomplete.
  let counter: Awaited<ReturnType<typeof workCounter>>;
  beforeAll(async () => {
    counter = await workCounter();
    // The first check of a process parses the standard library (cached afterwards): not work that grows with depth.
    checkSource("warm.nn", "dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  y = relu(x)\n}\n");
    await counter.take();
  });
  afterAll(async () => {
    await counter.stop();
  });

  it.each([
    ["chain", 150],
    ["shared", 150],
    ["sum", 400],
  ] as const)("%s of %i layers, then twice as many: every stage does at most 2.4× the work", async (kind, depth) => {
    const small = await stageWork(kind, depth, counter.take);
    const large = await stageWork(kind, 2 * depth, counter.take);
    for (const stage of Object.keys(small) as Stage[]) {
      // Each layer runs code in every stage: fewer blocks than layers would mean coverage saw nothing,
      // and a deeper model doing less work would mean the counts are incomplete.
      expect(small[stage], stage).toBeGreaterThan(depth);
      expect(large[stage] / small[stage], `${stage}: ${small[stage]} → ${large[stage]} blocks`).toBeGreaterThanOrEqual(1.5);
      expect(large[stage] / small[stage], `${stage}: ${small[stage]} → ${large[stage]} blocks`).toBeLessThanOrEqual(RATIO);
    }
  });
});
