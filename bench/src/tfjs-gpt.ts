/**
 * The TF.js peer of examples/char-transformer.nn's training step, in TF.js core ops from nnc's initial
 * parameters (nnc's layouts are TF.js's: W is [in, out]): token rows → embedding + positions → 2 pre-norm
 * blocks (layer norm, 4-head causal attention, dense 64 → 256, exact gelu, dense 256 → 64) → layer norm
 * → head 64 → 27; masked mean cross-entropy; AdamW with decay on the rank-2 parameters (nnc's rule).
 * The embedding is a one-hot matmul: TF.js's gather has no gradient kernel (UnsortedSegmentSum) on wasm.
 */
import * as tf from "@tensorflow/tfjs";
import type { Inputs } from "./data.ts";
import { param, type Params, type Trainer } from "./tfjs.ts";

const T = 16;
const D = 64;
const HEADS = 4;
const VOCAB = 27;

export interface AdamWSettings {
  readonly lr: number;
  readonly weightDecay: number;
}

function layerNorm(x: tf.Tensor, gamma: tf.Variable, beta: tf.Variable): tf.Tensor {
  const xc = tf.sub(x, tf.mean(x, -1, true));
  const v = tf.mean(tf.mul(xc, xc), -1, true);
  return tf.add(tf.mul(tf.mul(xc, tf.rsqrt(tf.add(v, 1e-5))), gamma), beta);
}

/** x: [rows, in] · W + b. */
function dense(x: tf.Tensor2D, w: tf.Variable, b: tf.Variable): tf.Tensor2D {
  return tf.add(tf.matMul(x, w as tf.Tensor2D), b);
}

function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

export function charGptTrainer(params: Params, batches: readonly Inputs[], batch: number, o: AdamWSettings): Trainer {
  const vars = new Map<string, tf.Variable>();
  const v = (name: string, shape: number[]): tf.Variable => {
    let t = vars.get(name);
    if (t === undefined) {
      t = tf.variable(tf.tensor(param(params, name), shape), true);
      vars.set(name, t);
    }
    return t;
  };
  const rows = batch * T;
  const dh = D / HEADS;
  // Additive causal mask: -1e9 above the diagonal (nnc: where(tril(T), s, -1e9)), 0 elsewhere.
  const mask = tf.tensor2d(Float32Array.from({ length: T * T }, (_, i) => (i % T > Math.floor(i / T) ? -1e9 : 0)), [T, T]);
  const heads = (x: tf.Tensor2D): tf.Tensor3D => tf.reshape(tf.transpose(tf.reshape(x, [batch, T, HEADS, dh]), [0, 2, 1, 3]), [batch * HEADS, T, dh]);
  const attention = (a: tf.Tensor2D, p: string): tf.Tensor2D => {
    const w = (n: string): tf.Variable => v(`${p}.W${n}`, [D, D]);
    const b = (n: string): tf.Variable => v(`${p}.b${n}`, [D]);
    const q = heads(dense(a, w("q"), b("q")));
    const k = heads(dense(a, w("k"), b("k")));
    const val = heads(dense(a, w("v"), b("v")));
    const s = tf.add<tf.Tensor3D>(tf.mul(tf.matMul(q, k, false, true), dh ** -0.5), mask);
    const out = tf.matMul(tf.softmax(s), val);
    const merged = tf.reshape<tf.Rank.R2>(tf.transpose(tf.reshape(out, [batch, HEADS, T, dh]), [0, 2, 1, 3]), [rows, D]);
    return dense(merged, w("o"), b("o"));
  };
  const block = (x: tf.Tensor2D, p: string): tf.Tensor2D => {
    const h = tf.add<tf.Tensor2D>(x, attention(layerNorm(x, v(`${p}.ln1.gamma`, [D]), v(`${p}.ln1.beta`, [D])) as tf.Tensor2D, `${p}.attn`));
    const inner = gelu(dense(layerNorm(h, v(`${p}.ln2.gamma`, [D]), v(`${p}.ln2.beta`, [D])) as tf.Tensor2D, v(`${p}.mlp_in.W`, [D, 4 * D]), v(`${p}.mlp_in.b`, [4 * D]))) as tf.Tensor2D;
    return tf.add(h, dense(inner, v(`${p}.mlp_out.W`, [4 * D, D]), v(`${p}.mlp_out.b`, [D])));
  };
  const logits = (x: tf.Tensor2D): tf.Tensor2D => {
    const emb = tf.matMul(x, v("tok.E", [VOCAB, D]));
    let h = tf.reshape<tf.Rank.R2>(tf.add(tf.reshape(emb, [batch, T, D]), v("P", [T, D])), [rows, D]);
    for (const p of ["h.0", "h.1"]) h = block(h, p);
    return dense(layerNorm(h, v("layer_norm_1.gamma", [D]), v("layer_norm_1.beta", [D])) as tf.Tensor2D, v("logits.W", [D, VOCAB]), v("logits.b", [VOCAB]));
  };
  const data = batches.map((b) => {
    const ids = (n: string): Int32Array => {
      const a = b[n];
      if (!(a instanceof Int32Array)) throw new Error(`bench: char GPT batch has no i32 ${n}`);
      return a;
    };
    const m = b["mask"];
    if (!(m instanceof Float32Array)) throw new Error("bench: char GPT batch has no f32 mask");
    return tf.tidy(() => ({
      x: tf.cast(tf.oneHot(tf.tensor1d(ids("x"), "int32"), VOCAB), "float32") as tf.Tensor2D,
      y: tf.cast(tf.oneHot(tf.tensor1d(ids("y"), "int32"), VOCAB), "float32") as tf.Tensor2D,
      mask: tf.tensor1d(m),
    }));
  });
  const lossOf = (d: (typeof data)[number]): tf.Scalar => {
    const picked = tf.sum(tf.mul(tf.logSoftmax(logits(d.x)), d.y), -1);
    return tf.div(tf.neg(tf.sum(tf.mul(picked, d.mask))), tf.sum(d.mask));
  };
  // Build every variable once (in nnc's order), then train all of them.
  tf.tidy(() => lossOf(data[0]!));
  const all = [...vars.values()];
  const decayed = all.filter((t) => t.rank >= 2);
  const opt = tf.train.adam(o.lr, 0.9, 0.999, 1e-8);
  let k = 0;
  return {
    step() {
      const d = data[k++ % data.length]!;
      const { value, grads } = tf.variableGrads(() => lossOf(d), all);
      // AdamW: w ← w·(1 − lr·wd) − lr·adam(g), the gradient taken at the undecayed w (as torch.optim.AdamW).
      tf.tidy(() => {
        for (const w of decayed) w.assign(tf.mul(w, 1 - o.lr * o.weightDecay));
      });
      opt.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      const loss = value.dataSync()[0]!;
      tf.dispose([value, ...Object.values(grads)]);
      return loss;
    },
    dispose() {
      tf.dispose([mask, ...all, ...data.flatMap((d) => [d.x, d.y, d.mask])]);
      opt.dispose();
    },
  };
}
