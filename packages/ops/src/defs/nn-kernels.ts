/**
 * Float64 reference evaluation of the nn records. Every exponential is taken of x − max(x) ≤ 0, so
 * nothing overflows; log Σ exp(x − m) ≥ 0 because the max term contributes exp(0) = 1.
 */
import { sizeOf, tensor, type Tensor } from "../tensor.ts";

/**
 * Calls `f(base, step, len)` for every lane along `axis`: the lane's elements sit at
 * base, base + step, …, base + (len − 1)·step in row-major order.
 */
export function forEachLane(shape: readonly number[], axis: number, f: (base: number, step: number, len: number) => void): void {
  const len = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) f(o * len * inner + i, inner, len);
}

/** max over a lane, then m + log Σ exp(x − m). */
function laneLogSumExp(d: Float64Array, base: number, step: number, len: number): { max: number; lse: number } {
  let max = -Infinity;
  for (let j = 0; j < len; j++) max = Math.max(max, d[base + j * step]!);
  let sum = 0;
  for (let j = 0; j < len; j++) sum += Math.exp(d[base + j * step]! - max);
  return { max, lse: max + Math.log(sum) };
}

/** softmax(x)_j = exp(x_j − m) / Σ_k exp(x_k − m), m = max_k x_k: one exponential per element. */
export function softmax(x: Tensor, axis: number): Tensor {
  const out = tensor(x.shape);
  const y = out.data;
  forEachLane(x.shape, axis, (base, step, len) => {
    let max = -Infinity;
    for (let j = 0; j < len; j++) max = Math.max(max, x.data[base + j * step]!);
    let sum = 0;
    for (let j = 0; j < len; j++) sum += y[base + j * step] = Math.exp(x.data[base + j * step]! - max);
    for (let j = 0; j < len; j++) y[base + j * step] = y[base + j * step]! / sum;
  });
  return out;
}

/** log_softmax(x)_j = x_j − m − log Σ_k exp(x_k − m). */
export function logSoftmax(x: Tensor, axis: number): Tensor {
  const out = tensor(x.shape);
  forEachLane(x.shape, axis, (base, step, len) => {
    const { lse } = laneLogSumExp(x.data, base, step, len);
    for (let j = 0; j < len; j++) out.data[base + j * step] = x.data[base + j * step]! - lse;
  });
  return out;
}

/** A label value as a class index in [0, classes), or a clear Error. */
export function classIndex(op: string, value: number, classes: number): number {
  if (!Number.isInteger(value) || value < 0 || value >= classes) {
    throw new RangeError(`${op}: label ${value} is out of range: labels must be whole numbers in [0, ${classes}) for ${classes} classes`);
  }
  return value;
}

/** cross_entropy(l, y) = logsumexp(l) − l[y], over the last axis of l. */
export function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const out = tensor(labels.shape);
  const axis = logits.shape.length - 1;
  let row = 0;
  forEachLane(logits.shape, axis, (base, step, len) => {
    const y = classIndex("cross_entropy", labels.data[row]!, len);
    out.data[row++] = laneLogSumExp(logits.data, base, step, len).lse - logits.data[base + y * step]!;
  });
  return out;
}

/** bce(z, t) = max(z, 0) − t·z + log1p(exp(−|z|)) = −t·log σ(z) − (1 − t)·log(1 − σ(z)). */
export function bceWithLogits(z: Tensor, t: Tensor): Tensor {
  const out = tensor(z.shape);
  for (let i = 0; i < out.data.length; i++) {
    const zi = z.data[i]!;
    out.data[i] = Math.max(zi, 0) - t.data[i]! * zi + Math.log1p(Math.exp(-Math.abs(zi)));
  }
  return out;
}

/** one_hot(y)[..., c] = [y[...] = c]; `outShape` ends with the class count. */
export function oneHot(labels: Tensor, outShape: readonly number[]): Tensor {
  const classes = outShape[outShape.length - 1]!;
  const out = tensor(outShape);
  for (let i = 0; i < labels.data.length; i++) out.data[i * classes + classIndex("one_hot", labels.data[i]!, classes)] = 1;
  return out;
}
