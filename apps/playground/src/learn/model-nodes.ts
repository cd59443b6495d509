/** Which lowered nodes the views show: the named layers of a model, its conv kernels, its attention. */
import type { LoweredModel } from "@nnc/compiler";

/**
 * The named forward values with a batch axis (`h`, `img`, `conv`, `pooled`, `logits`), in program
 * order: nodes the program names (not `%N` temporaries, not inputs, params or the loss).
 */
export function layerNodes(model: LoweredModel): string[] {
  return model.graph.nodes
    .filter((n) => !n.id.startsWith("%") && n.op !== "input" && n.op !== "param" && n.op !== "const" && n.type.shape.length >= 2 && typeof n.type.shape[0] !== "number")
    .filter((n) => !n.id.includes("."))
    .map((n) => n.id);
}

/** Parameters shaped like convolution kernels, [O, I, kh, kw] with a window of more than one pixel (not a [1, C, 1, 1] bias). */
export function kernelParams(model: LoweredModel): string[] {
  return model.graph.nodes
    .filter((n) => {
      const s = n.type.shape;
      return n.op === "param" && s.length === 4 && typeof s[2] === "number" && typeof s[3] === "number" && s[2] * s[3] > 1;
    })
    .map((n) => n.id);
}

/** Attention weights: softmax nodes of shape [B, heads, T, T] (the library's `….attn.p`), in program order. */
export function attentionNodes(model: LoweredModel): { id: string; heads: number; T: number }[] {
  const out: { id: string; heads: number; T: number }[] = [];
  for (const n of model.graph.nodes) {
    const s = n.type.shape;
    if (n.op !== "softmax" || s.length !== 4 || typeof s[1] !== "number" || typeof s[2] !== "number" || s[2] !== s[3]) continue;
    out.push({ id: n.id, heads: s[1], T: s[2] });
  }
  return out;
}

/** What a classifier's output holds per row: logits, probabilities (a softmax op) or log-probabilities (log_softmax). */
export type ScoreKind = "logits" | "probabilities" | "log-probabilities";

/** The kind of the output named `output`, read from the op that computes it. */
export function scoreKind(model: LoweredModel, output: string): ScoreKind {
  const ref = model.graph.outputs.find((o) => o.name === output);
  const node = ref === undefined ? undefined : model.graph.nodes.find((n) => n.id === ref.id);
  if (node?.op === "softmax") return "probabilities";
  if (node?.op === "log_softmax") return "log-probabilities";
  return "logits";
}
