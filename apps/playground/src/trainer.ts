/**
 * The training loop the Worker runs, free of Worker globals so it is testable anywhere: shuffled
 * mini-batches copied into the compiled model's input buffers, test loss and accuracy in chunks of
 * `maxBatch` rows, and the decision surface of a 2-D classifier on a grid.
 */
import type { CompiledModel } from "@nnc/runtime";
import { rng, type Examples, type Split } from "./datasets.ts";

export interface Binding {
  /** Model input fed the features, train input fed the labels, output read for accuracy. */
  readonly input: string;
  readonly label: string;
  readonly output: string;
}

export interface Evaluation {
  readonly loss: number;
  /** Fraction of examples whose largest output is the label's. */
  readonly accuracy: number;
}

type ModelClass = new (maxBatch: number) => CompiledModel;

/**
 * Builds the generated class from its source text — compiler output only, never user text — by
 * importing it as an ES module from a `data:` URL (no network, no eval of strings from the page).
 */
export async function instantiate(code: string, className: string, maxBatch: number): Promise<CompiledModel> {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(className)) throw new Error(`not a class name: ${className}`);
  const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(`${code}\nexport default ${className};\n`)}`;
  const mod = (await import(/* @vite-ignore */ url)) as { default: ModelClass };
  return new mod.default(maxBatch);
}

export class Trainer {
  private order: Int32Array;
  private cursor = 0;
  readonly u: () => number;
  epoch = 0;
  steps = 0;
  batch: number;

  constructor(
    readonly model: CompiledModel,
    readonly data: Split,
    readonly bind: Binding,
    batch: number,
    seed: number,
  ) {
    this.batch = Math.min(batch, model.maxBatch);
    this.u = rng(seed ^ 0x5eed);
    this.order = Int32Array.from({ length: data.train.size }, (_, i) => i);
    this.shuffle();
  }

  private shuffle(): void {
    const o = this.order;
    for (let i = o.length - 1; i > 0; i--) {
      const j = Math.floor(this.u() * (i + 1));
      const t = o[i]!;
      o[i] = o[j]!;
      o[j] = t;
    }
  }

  /** Copies examples `idx` of `ex` into the input (and label) buffers as rows 0…. */
  private load(ex: Examples, idx: ArrayLike<number>, count: number): void {
    const x = this.model.inputs[this.bind.input]!;
    const y = this.model.inputs[this.bind.label];
    const w = ex.width;
    for (let r = 0; r < count; r++) {
      const i = idx[r]!;
      for (let k = 0; k < w; k++) x[r * w + k] = ex.x[i * w + k]!;
      if (y !== undefined) y[r] = ex.label[i]!;
    }
  }

  /** One optimizer step on the next mini-batch; a new epoch reshuffles. Returns the batch loss. */
  step(): number {
    if (this.cursor + this.batch > this.order.length) {
      this.cursor = 0;
      this.epoch++;
      this.shuffle();
    }
    const rows = Math.min(this.batch, this.order.length);
    this.load(this.data.train, this.order.subarray(this.cursor, this.cursor + rows), rows);
    this.cursor += rows;
    this.steps++;
    return this.model.trainStep(rows);
  }

  /** Mean loss and accuracy over (the first `limit` examples of) `ex`. */
  evaluate(ex: Examples, limit = ex.size): Evaluation {
    const n = Math.min(limit, ex.size);
    const out = this.model.outputs[this.bind.output]!;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += this.model.maxBatch) {
      const rows = Math.min(this.model.maxBatch, n - start);
      const idx = Int32Array.from({ length: rows }, (_, r) => start + r);
      this.load(ex, idx, rows);
      lossSum += this.model.evalLoss(rows) * rows;
      const c = out.length / this.model.maxBatch;
      for (let r = 0; r < rows; r++) if (argmax(out, r * c, c) === ex.label[start + r]) correct++;
    }
    return { loss: lossSum / n, accuracy: correct / n };
  }

  /**
   * The classifier on a res×res grid over [lo, hi]²: per cell, the winning class and its softmax
   * probability (row 0 is the top of the picture, y = hi).
   */
  surface(res: number, lo: number, hi: number): { cls: Uint8Array; conf: Float32Array } {
    const total = res * res;
    const cls = new Uint8Array(total);
    const conf = new Float32Array(total);
    const x = this.model.inputs[this.bind.input]!;
    const out = this.model.outputs[this.bind.output]!;
    const c = out.length / this.model.maxBatch;
    const step = (hi - lo) / (res - 1);
    for (let start = 0; start < total; start += this.model.maxBatch) {
      const rows = Math.min(this.model.maxBatch, total - start);
      for (let r = 0; r < rows; r++) {
        const cell = start + r;
        x[2 * r] = lo + (cell % res) * step;
        x[2 * r + 1] = hi - Math.floor(cell / res) * step;
      }
      this.model.forward(rows);
      for (let r = 0; r < rows; r++) {
        const k = argmax(out, r * c, c);
        cls[start + r] = k;
        conf[start + r] = softmaxAt(out, r * c, c, k);
      }
    }
    return { cls, conf };
  }
}

function argmax(a: ArrayLike<number>, off: number, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (a[off + k]! > a[off + best]!) best = k;
  return best;
}

function softmaxAt(a: ArrayLike<number>, off: number, n: number, k: number): number {
  const m = a[off + k]!;
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(a[off + j]! - m);
  return 1 / s;
}
