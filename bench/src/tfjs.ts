/**
 * The TensorFlow.js peers: the same models written with TF.js core ops (no Layers API overhead),
 * started from nnc's initial parameters (re-laid out where TF.js wants NHWC) and fed the same batches.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import type { Batch } from "./data.ts";

export type TfBackend = "cpu" | "wasm";

let wasmPathSet = false;

/** Makes `name` the active TF.js backend (tensors created afterwards live there). */
export async function useBackend(name: TfBackend): Promise<void> {
  if (name === "wasm" && !wasmPathSet) {
    const pkg = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/package.json");
    setWasmPaths(`${dirname(pkg)}/dist/`);
    wasmPathSet = true;
  }
  if (tf.getBackend() === name) return;
  if (!(await tf.setBackend(name))) throw new Error(`bench: TF.js backend ${name} failed to initialise`);
  await tf.ready();
}

export interface Trainer {
  /** One training step on the next batch; returns its loss (read back, so the step has finished). */
  step(): number;
  dispose(): void;
}

export type Params = Readonly<Record<string, Float32Array>>;

export function param(params: Params, name: string): Float32Array {
  const p = params[name];
  if (p === undefined) throw new Error(`bench: nnc model has no parameter ${name}`);
  return p;
}

function trainer(vars: tf.Variable[], optimizer: tf.Optimizer, batches: readonly Batch[], batch: number, lossOf: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Scalar): Trainer {
  const xs = batches.map((b) => tf.tensor2d(b.x, [batch, 784]));
  const ys = batches.map((b) => tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(b.label, "int32"), 10), "float32") as tf.Tensor2D));
  let k = 0;
  return {
    step() {
      const i = k++ % xs.length;
      const cost = optimizer.minimize(() => lossOf(xs[i]!, ys[i]!), true, vars);
      if (cost === null) throw new Error("bench: TF.js returned no cost");
      const v = cost.dataSync()[0]!;
      cost.dispose();
      return v;
    },
    dispose() {
      tf.dispose([...xs, ...ys, ...vars]);
      optimizer.dispose();
    },
  };
}

/** A model's variables (nnc's initial parameters, re-laid out for TF.js) and its forward pass to logits. */
interface TfModel {
  readonly vars: tf.Variable[];
  readonly logits: (x: tf.Tensor2D) => tf.Tensor2D;
}

/** x·W1 + b1 → relu → ·W2 + b2. */
function mlpModel(params: Params): TfModel {
  const W1 = tf.variable(tf.tensor2d(param(params, "W1"), [784, 128]));
  const b1 = tf.variable(tf.tensor1d(param(params, "b1")));
  const W2 = tf.variable(tf.tensor2d(param(params, "W2"), [128, 10]));
  const b2 = tf.variable(tf.tensor1d(param(params, "b2")));
  return { vars: [W1, b1, W2, b2], logits: (x) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, W1), b1)), W2), b2) };
}

/**
 * conv 3×3 (8 filters) → relu → maxpool 2 → dense 10, in NHWC. nnc's K is [O, I, H, W] and its W
 * rows follow the NCHW flatten (c, h, w); TF.js wants K as [H, W, I, O] and W rows in (h, w, c).
 */
function cnnModel(params: Params): TfModel {
  const K = param(params, "K");
  const kHwio = new Float32Array(72);
  for (let o = 0; o < 8; o++) for (let p = 0; p < 9; p++) kHwio[p * 8 + o] = K[o * 9 + p]!;
  const W = param(params, "W");
  const wHwc = new Float32Array(1352 * 10);
  for (let c = 0; c < 8; c++) for (let s = 0; s < 169; s++) for (let j = 0; j < 10; j++) wHwc[(s * 8 + c) * 10 + j] = W[(c * 169 + s) * 10 + j]!;
  const k = tf.variable(tf.tensor4d(kHwio, [3, 3, 1, 8]));
  const kb = tf.variable(tf.tensor1d(param(params, "kb")));
  const w = tf.variable(tf.tensor2d(wHwc, [1352, 10]));
  const b = tf.variable(tf.tensor1d(param(params, "b")));
  return {
    vars: [k, kb, w, b],
    logits: (x) => {
      const n = x.shape[0];
      const img = tf.reshape<tf.Rank.R4>(x, [n, 28, 28, 1]);
      const conv = tf.relu(tf.add<tf.Tensor4D>(tf.conv2d(img, k as tf.Tensor4D, 1, "valid"), kb));
      const pooled = tf.maxPool(conv, 2, 2, "valid");
      return tf.add(tf.matMul(tf.reshape(pooled, [n, 1352]), w), b);
    },
  };
}

/** The MLP (mlpModel), softmax cross-entropy, SGD. */
export function mlpTrainer(params: Params, batches: readonly Batch[], batch: number, lr: number): Trainer {
  const m = mlpModel(params);
  return trainer(m.vars, tf.train.sgd(lr), batches, batch, (x, y) => tf.losses.softmaxCrossEntropy(y, m.logits(x)));
}

/** The CNN (cnnModel), softmax cross-entropy, SGD with momentum. */
export function cnnTrainer(params: Params, batches: readonly Batch[], batch: number, lr: number, momentum: number): Trainer {
  const m = cnnModel(params);
  return trainer(m.vars, tf.train.momentum(lr, momentum), batches, batch, (x, y) => tf.losses.softmaxCrossEntropy(y, m.logits(x)));
}

/** Batch-1 inference on the active backend: the logits of one row, read back. */
export interface Predictor {
  predict(): Float32Array;
  dispose(): void;
}

function predictor(m: TfModel, x: Float32Array): Predictor {
  const input = tf.tensor2d(x, [1, 784]);
  return {
    predict() {
      const y = tf.tidy(() => m.logits(input));
      const v = y.dataSync();
      y.dispose();
      return Float32Array.from(v);
    },
    dispose() {
      tf.dispose([input, ...m.vars]);
    },
  };
}

export function mlpPredictor(params: Params, x: Float32Array): Predictor {
  return predictor(mlpModel(params), x);
}

export function cnnPredictor(params: Params, x: Float32Array): Predictor {
  return predictor(cnnModel(params), x);
}

/** A matmul peer: C = A·B on the active backend, read back each time. */
export function tfMatmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): { run(iters: number): void; dispose(): void } {
  const ta = tf.tensor2d(a, [m, k]);
  const tb = tf.tensor2d(b, [k, n]);
  return {
    run(iters) {
      for (let i = 0; i < iters; i++) {
        const c = tf.matMul(ta, tb);
        c.dataSync();
        c.dispose();
      }
    },
    dispose() {
      tf.dispose([ta, tb]);
    },
  };
}

export function tfVersion(): string {
  return tf.version.tfjs;
}
