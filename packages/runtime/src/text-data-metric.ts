/**
 * `nats`: a character model's cross-entropy per character, token-weighted. Over every real target
 * position (mask 1) of the examples seen, Σ −log softmax(logits[b, t, :])[y[b, t]] / Σ mask — the
 * whole epoch's (or validation split's) sum over its count of characters, not a mean of batch means.
 * Added by the runtime for text data (chars(), names()); the mask is the model's `mask` input when it
 * declares one, else derived from `x` as text-data.ts lays rows out: position t is real iff t = 0 or
 * x[t] ≠ 0 (only padding, and the first position of a line, have x = 0).
 */
import type { CompiledModel, ModelMeta, TensorMeta } from "./compiled-model.ts";
import type { BoundMetric } from "./metrics.ts";
import { textOutput } from "./text-data-report.ts";

function isIdsOf(t: TensorMeta | undefined, meta: ModelMeta, T: number): boolean {
  return t !== undefined && t.dtype === "i32" && t.shape.length === 2 && t.shape[0] === meta.batchDim && t.shape[1] === T;
}

/** The `nats` metric of a model with output [B, T, C], train input `y: i32[B, T]` and input `x: i32[B, T]` (or a `mask`); else null. */
export function natsMetric(meta: ModelMeta): BoundMetric | null {
  const out = textOutput(meta);
  const outMeta = meta.outputs.find((o) => o.name === out?.name);
  const T = outMeta?.shape[1];
  if (out === null || typeof T !== "number") return null;
  const y = meta.trainInputs.find((t) => t.name === "y");
  const x = meta.inputs.find((t) => t.name === "x");
  const declared = [...meta.inputs, ...meta.trainInputs].find((t) => t.name === "mask" && t.shape.length === 2 && t.shape[1] === T && t.dtype !== "i32");
  if (!isIdsOf(y, meta, T) || (declared === undefined && !isIdsOf(x, meta, T))) return null;
  const C = out.classes;
  const maskAt = (model: CompiledModel): ((i: number) => number) => {
    if (declared !== undefined) {
      const m = model.inputs["mask"]!;
      return (i) => m[i]!;
    }
    const xs = model.inputs["x"]!;
    return (i) => (i % T === 0 || xs[i] !== 0 ? 1 : 0);
  };
  const measure = (model: CompiledModel, rows: number): number => {
    const logits = model.outputs[out.name]!;
    const ys = model.inputs["y"]!;
    const mask = maskAt(model);
    let sum = 0;
    for (let i = 0; i < rows * T; i++) {
      const w = mask(i);
      if (w === 0) continue;
      // −log softmax(z)[k] = log Σ_j exp(z_j − max) + max − z_k
      const at = i * C;
      let max = -Infinity;
      for (let j = 0; j < C; j++) max = Math.max(max, logits[at + j]!);
      let s = 0;
      for (let j = 0; j < C; j++) s += Math.exp(logits[at + j]! - max);
      sum += w * (Math.log(s) + max - logits[at + ys[i]!]!);
    }
    return sum;
  };
  const weight = (model: CompiledModel, rows: number): number => {
    const mask = maskAt(model);
    let n = 0;
    for (let i = 0; i < rows * T; i++) n += mask(i);
    return n;
  };
  return { name: "nats", measure, weight, perRow: T, finish: (v) => v };
}
