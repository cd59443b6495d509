/**
 * The `.nn` programs the benchmark compiles. The MLP and the CNN are the examples themselves; the
 * MLP's optimizer is swapped for plain SGD because the reference figures (PERFORMANCE.md) are for SGD.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

export const MLP_LR = 0.01;
export const CNN_LR = 0.05;
export const CNN_MOMENTUM = 0.9;

export function exampleText(name: string): string {
  return readFileSync(`${EXAMPLES}${name}`, "utf8");
}

/** examples/mnist-mlp.nn with `optimizer = sgd(lr = MLP_LR)`. */
export function mlpSgdSource(): string {
  const text = exampleText("mnist-mlp.nn");
  const swapped = text.replace(/optimizer\s*=\s*adam\([^)]*\)/, `optimizer = sgd(lr = ${MLP_LR})`);
  if (swapped === text) throw new Error("bench: examples/mnist-mlp.nn no longer has an adam optimizer line to swap for sgd");
  return swapped;
}

/** examples/cnn.nn as is (sgd with momentum), checked against the settings the TF.js peer uses. */
export function cnnSource(): string {
  const text = exampleText("cnn.nn");
  if (!text.includes(`sgd(lr = ${CNN_LR}, momentum = ${CNN_MOMENTUM})`)) throw new Error("bench: examples/cnn.nn changed its optimizer; update the TF.js peer");
  return text;
}

/** C = A·B alone, for the kernel benchmark. */
export function matmulSource(m: number, k: number, n: number): string {
  return `model Mm(a: f32[${m}, ${k}], b: f32[${k}, ${n}]) -> (c: f32[${m}, ${n}]) {\n  c = a @ b\n}\n`;
}

/** A `layers`-deep ReLU MLP of width `width` on 784 inputs, 10 classes, with a train section. */
export function deepMlpSource(layers: number, width: number): string {
  const params: string[] = [];
  const body: string[] = [];
  let prev = "x";
  let fanIn = 784;
  for (let l = 1; l <= layers; l++) {
    const out = l === layers ? 10 : width;
    params.push(`  param W${l}: f32[${fanIn}, ${out}] = glorot_uniform()`, `  param b${l}: f32[${out}] = zeros()`);
    const name = l === layers ? "logits" : `h${l}`;
    body.push(l === layers ? `  logits = ${prev} @ W${l} + b${l}` : `  ${name} = relu(${prev} @ W${l} + b${l})`);
    prev = name;
    fanIn = out;
  }
  return [
    "dim B",
    "model Deep(x: f32[B, 784]) -> (logits: f32[B, 10]) {",
    ...params,
    ...body,
    "}",
    "train Deep {",
    "  input label: i32[B]",
    "  loss = mean(cross_entropy(logits, label))",
    "  optimizer = sgd(lr = 0.01)",
    "  batch = 64",
    "}",
    "",
  ].join("\n");
}
