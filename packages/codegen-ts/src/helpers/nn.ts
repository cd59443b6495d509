/**
 * Lane kernels for softmax, log_softmax and cross_entropy. A lane is `len` elements at
 * base, base + inner, …; every exponential is of x − max ≤ 0 (no overflow), and
 * lse = max + log Σ exp(x − max), the same operations in the same order as the reference.
 */
import { header, type HelperTarget } from "./signature.ts";

const LANES = ["x: F", "y: F", "outer: number", "len: number", "inner: number"];

function lane(t: HelperTarget, name: string, doc: string, write: string): string {
  return [
    `/** ${doc} */`,
    header(t, name, LANES),
    `  for (let o = 0; o < outer; o++) {`,
    `    for (let i = 0; i < inner; i++) {`,
    `      const base = o * len * inner + i;`,
    `      let max = -Infinity;`,
    `      for (let j = 0, q = base; j < len; j++, q += inner) max = Math.max(max, x[q]);`,
    `      let sum = 0;`,
    `      for (let j = 0, q = base; j < len; j++, q += inner) sum += Math.exp(x[q] - max);`,
    `      const lse = max + Math.log(sum);`,
    `      for (let j = 0, q = base; j < len; j++, q += inner) y[q] = ${write};`,
    `    }`,
    `  }`,
    `}`,
  ].join("\n");
}

/**
 * Like the reference (ops nn-kernels softmax): e = exp(x − max) stored, then divided by Σ e — one exp
 * per element (exp32 in float32 programs: helpers/exp32.ts).
 */
export function softmaxHelper(t: HelperTarget): string {
  return [
    `/** y = exp(x − max) / Σ exp(x − max) along each lane (y may be x). */`,
    header(t, "softmax", LANES),
    `  for (let o = 0; o < outer; o++) {`,
    `    for (let i = 0; i < inner; i++) {`,
    `      const base = o * len * inner + i;`,
    `      let max = -Infinity;`,
    `      for (let j = 0, q = base; j < len; j++, q += inner) max = Math.max(max, x[q]);`,
    `      let sum = 0;`,
    `      for (let j = 0, q = base; j < len; j++, q += inner) sum += y[q] = ${t.F === "Float32Array" ? "this.exp32" : "Math.exp"}(x[q] - max);`,
    `      for (let j = 0, q = base; j < len; j++, q += inner) y[q] = y[q] / sum;`,
    `    }`,
    `  }`,
    `}`,
  ].join("\n");
}

export function logSoftmaxHelper(t: HelperTarget): string {
  return lane(t, "logSoftmax", "y = x − lse along each lane.", "x[q] - lse");
}

export function crossEntropyHelper(t: HelperTarget): string {
  return [
    `/** out[r] = logsumexp(l[r, :]) − l[r, label[r]] over rows of C logits; a label outside [0, C) throws. */`,
    header(t, "crossEntropy", ["l: F", "labels: Int32Array", "out: F", "n: number", "C: number"]),
    `  for (let r = 0; r < n; r++) {`,
    `    const base = r * C;`,
    `    const y = labels[r];`,
    `    if (!(y >= 0 && y < C)) throw new RangeError("cross_entropy: label " + y + " is out of range: labels must be whole numbers in [0, " + C + ") for " + C + " classes");`,
    `    let max = -Infinity;`,
    `    for (let c = 0; c < C; c++) max = Math.max(max, l[base + c]);`,
    `    let sum = 0;`,
    `    for (let c = 0; c < C; c++) sum += Math.exp(l[base + c] - max);`,
    `    out[r] = max + Math.log(sum) - l[base + y];`,
    `  }`,
    `}`,
  ].join("\n");
}

export function oneHotHelper(t: HelperTarget): string {
  return [
    `/** out[r, c] = [labels[r] = c]; a label outside [0, C) throws. */`,
    header(t, "oneHot", ["labels: Int32Array", "out: F", "n: number", "C: number"]),
    `  out.fill(0, 0, n * C);`,
    `  for (let r = 0; r < n; r++) {`,
    `    const y = labels[r];`,
    `    if (!(y >= 0 && y < C)) throw new RangeError("one_hot: label " + y + " is out of range: labels must be whole numbers in [0, " + C + ") for " + C + " classes");`,
    `    out[r * C + y] = 1;`,
    `  }`,
    `}`,
  ].join("\n");
}
