import { classCount } from "./bind.ts";
import type { CompiledModel, ModelMeta } from "./compiled-model.ts";

/**
 * How accuracy is measured: "classes" when the single output is [B, C] logits with one i32 label
 * input (argmax = label, ties to the lowest index); "binary" when the single output is [B] or [B, 1]
 * with one float target of the same shape (logit > 0 ⇔ target > 0.5, as for bce_with_logits); else none.
 */
export type AccuracyKind = { readonly kind: "classes"; readonly output: string; readonly label: string; readonly classes: number } | { readonly kind: "binary"; readonly output: string; readonly label: string } | { readonly kind: "none" };

export function accuracyKind(meta: ModelMeta): AccuracyKind {
  const out = meta.outputs.length === 1 ? meta.outputs[0]! : undefined;
  if (out === undefined || meta.trainInputs.length !== 1) return { kind: "none" };
  const label = meta.trainInputs[0]!;
  const classes = classCount(meta);
  if (classes !== null && label.dtype === "i32") return { kind: "classes", output: out.name, label: label.name, classes };
  const perExample = (s: readonly (number | string)[]): string => s.slice(1).filter((d) => d !== 1).join(",");
  const binaryShape = out.shape[0] === meta.batchDim && perExample(out.shape) === "" && label.shape[0] === meta.batchDim && perExample(label.shape) === "";
  if (binaryShape && (label.dtype === "f32" || label.dtype === "f64")) return { kind: "binary", output: out.name, label: label.name };
  return { kind: "none" };
}

/** Correct predictions among the first `rows` rows of the model's current outputs and label inputs. */
export function countCorrect(model: CompiledModel, acc: AccuracyKind, rows: number): number {
  if (acc.kind === "none") return 0;
  const out = model.outputs[acc.output];
  const labels = model.inputs[acc.label];
  if (out === undefined || labels === undefined) return 0;
  let correct = 0;
  if (acc.kind === "binary") {
    for (let r = 0; r < rows; r++) if (out[r]! > 0 === labels[r]! > 0.5) correct++;
    return correct;
  }
  const c = acc.classes;
  for (let r = 0; r < rows; r++) {
    correct += argmax(out, r * c, c) === labels[r] ? 1 : 0;
  }
  return correct;
}

/** Index (0…n−1) of the largest of `a[at … at+n)`; the first wins ties; NaN never wins. */
export function argmax(a: ArrayLike<number>, at: number, n: number): number {
  let best = 0;
  let bestV = -Infinity;
  for (let j = 0; j < n; j++) {
    const v = a[at + j]!;
    if (v > bestV) {
      bestV = v;
      best = j;
    }
  }
  return best;
}
