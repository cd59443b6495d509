/**
 * Test support for buffers in generated code (issue 11, item 6): a batch-norm model written in `.nn`,
 * compiled to its training class and loaded in this process.
 */
import { runInThisContext } from "node:vm";
import { compile, type Compilation } from "@nnc/compiler";
import type { CompiledModel, FloatArray } from "@nnc/runtime";

export type Generated = CompiledModel & { readonly grads: Readonly<Record<string, FloatArray>>; setTraining(on: boolean): void };

/**
 * A dense layer, a batch norm over the batch axis with running statistics, and a linear head. In a
 * training step the statistics are the batch's and the running ones move 10% towards them (`next`);
 * outside training (forward, evalLoss, predict) the running ones normalize, so a row's output does not
 * depend on the other rows of its batch. `steps` counts training steps (a scalar buffer).
 */
export const BATCH_NORM = `dim B
model Net(x: f32[B, 3]) -> (y: f32[B, 2]) {
  param W: f32[3, 4] = glorot_uniform()
  param g: f32[4] = ones()
  param b: f32[4] = zeros()
  param V: f32[4, 2] = glorot_uniform()
  buffer mean_run: f32[4] = zeros()
  buffer var_run: f32[4] = ones()
  buffer steps: f32 = zeros()
  h = x @ W
  m = mean(h, axis = 0)
  v = mean((h - m) ^ 2, axis = 0)
  next mean_run = 0.9 * mean_run + 0.1 * stop_gradient(m)
  next var_run = 0.9 * var_run + 0.1 * stop_gradient(v)
  next steps = steps + 1
  mu = where(training, m, mean_run)
  s2 = where(training, v, var_run)
  y = tanh(g * (h - mu) / sqrt(s2 + 1e-5) + b) @ V
}
train Net {
  input t: f32[B, 2]
  loss = mean((y - t) ^ 2)
  optimizer = sgd(lr = 0.1)
}
`;

/** A model without a train section reading `training` (always false there) and a constant buffer. */
export const INFERENCE_ONLY = `dim B
model P(x: f32[B, 3]) -> (y: f32[B, 3]) {
  buffer mean_run: f32[3] = constant(0.5)
  y = x - where(training, mean(x, axis = 0), mean_run)
}
`;

/** The compilation of `text` to its training class (js), failing on any error. */
export function compiled(text: string, dtype: "f32" | "f64" = "f64"): Compilation & { readonly generated: NonNullable<Compilation["generated"]> } {
  const c = compile(text, { fileName: "bn.nn", dtype, generate: "class", target: "js" });
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || c.generated === undefined) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join("; ") || "no class generated");
  return c as Compilation & { readonly generated: NonNullable<Compilation["generated"]> };
}

/** A fresh instance of the compiled class for up to `maxBatch` rows, parameters and buffers initialized from `seed`. */
export function instance(c: ReturnType<typeof compiled>, maxBatch: number, seed = 1): Generated {
  const Cls = runInThisContext(`(() => {\n"use strict";\n${c.generated.code}\nreturn ${c.generated.className};\n})()`) as new (maxBatch: number) => Generated;
  const cm = new Cls(maxBatch);
  cm.initParams(seed);
  return cm;
}

/** Deterministic pseudo-random values in [-2, 2). */
export function values(n: number, seed: number): number[] {
  let a = seed >>> 0;
  return Array.from({ length: n }, () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 4 - 2;
  });
}

/** `x @ W` in float64 for row-major x [rows, k] and W [k, n]. */
export function matmul(x: readonly number[], W: ArrayLike<number>, rows: number, k: number, n: number): number[] {
  const out = new Array<number>(rows * n).fill(0);
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) for (let i = 0; i < k; i++) out[r * n + j]! += x[r * k + i]! * W[i * n + j]!;
  return out;
}
