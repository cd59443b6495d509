/**
 * Lane kernels for softmax, log_softmax and cross_entropy. A lane is `len` elements at
 * base, base + inner, …; every exponential is of x − max ≤ 0 (no overflow), and
 * lse = max + log Σ exp(x − max), the same operations in the same order as the reference.
 */
import { header, type HelperTarget } from "./signature.ts";

const LANES = ["x: F", "y: F", "outer: number", "len: number", "inner: number"];

/**
 * The lane loops shared by softmax and log_softmax: max over the lane, then sum += `add` over it,
 * then the lines `finish` (which see max and sum). Only the generated text is shared: each helper's
 * loops are written out in full, as fast as hand-written ones.
 */
function lane(t: HelperTarget, name: string, doc: string, add: string, finish: readonly string[]): string {
  return [
    `/** ${doc} */`,
    header(t, name, LANES),
    `  for (let o = 0; o < outer; o++) {`,
    `    for (let i = 0; i < inner; i++) {`,
    `      const base = o * len * inner + i;`,
    `      let max = -Infinity;`,
    `      for (let j = 0, q = base; j < len; j++, q += inner) max = Math.max(max, x[q]);`,
    `      let sum = 0;`,
    `      for (let j = 0, q = base; j < len; j++, q += inner) sum += ${add};`,
    ...finish.map((line) => `      ${line}`),
    `    }`,
    `  }`,
    `}`,
  ].join("\n");
}

/** The helpers softmax and crossEntropy call: exp32 (helpers/exp32.ts) in float32 programs (helpers/table.ts HELPER_CALLS). */
export function expCalls(t: HelperTarget): readonly "exp32"[] {
  return t.F === "Float32Array" ? ["exp32"] : [];
}

/** The exponential those helpers' bodies call: `this.exp32` where expCalls includes it, else `Math.exp`. */
function expOf(t: HelperTarget): string {
  return expCalls(t).includes("exp32") ? "this.exp32" : "Math.exp";
}

/**
 * Like the reference (ops nn-kernels softmax): e = exp(x − max) stored, then divided by Σ e — one exp
 * per element, exp32 in float32 programs.
 */
export function softmaxHelper(t: HelperTarget): string {
  const exp = expOf(t);
  return lane(t, "softmax", "y = exp(x − max) / Σ exp(x − max) along each lane (y may be x).", `y[q] = ${exp}(x[q] - max)`, [
    `for (let j = 0, q = base; j < len; j++, q += inner) y[q] = y[q] / sum;`,
  ]);
}

/** lse = max + log Σ exp(x − max), then y = x − lse. */
export function logSoftmaxHelper(t: HelperTarget): string {
  return lane(t, "logSoftmax", "y = x − lse along each lane.", "Math.exp(x[q] - max)", [
    `const lse = max + Math.log(sum);`,
    `for (let j = 0, q = base; j < len; j++, q += inner) y[q] = x[q] - lse;`,
  ]);
}

export function crossEntropyHelper(t: HelperTarget): string {
  const exp = expOf(t);
  return [
    `/** out[r] = logsumexp(l[r, :]) − l[r, label[r]] over rows of C logits (exp32 in float32 programs, as softmax); a label outside [0, C) throws. */`,
    header(t, "crossEntropy", ["l: F", "labels: Int32Array", "out: F", "n: number", "C: number"]),
    `  for (let r = 0; r < n; r++) {`,
    `    const base = r * C;`,
    `    const y = labels[r];`,
    `    if (!(y >= 0 && y < C)) throw new RangeError("cross_entropy: label " + y + " is out of range: labels must be whole numbers in [0, " + C + ") for " + C + " classes");`,
    `    let max = -Infinity;`,
    `    for (let c = 0; c < C; c++) max = Math.max(max, l[base + c]);`,
    `    let sum = 0;`,
    `    for (let c = 0; c < C; c++) sum += ${exp}(l[base + c] - max);`,
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
