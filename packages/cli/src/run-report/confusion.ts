import { accuracyKind, argmax, fillBatch, type BoundData, type CompiledModel } from "@nnc/runtime";

/** Counts of (true class, predicted class) over a data split: `cells[actual][predicted]`. */
export interface Confusion {
  readonly classes: number;
  readonly cells: readonly (readonly number[])[];
  /** The rows evaluated: the sum of every cell. */
  readonly rows: number;
  /** The rows of the split; more than `rows` when only the first CONFUSION_ROWS were evaluated. */
  readonly total: number;
  /** Names of the classes when the data has them (a CSV's string labels), else null: shown as 0…C−1. */
  readonly names: readonly string[] | null;
}

/**
 * The most rows a matrix is measured on. The report measures one after every page it writes (at most
 * every 2 s): a forward pass over the first 10,000 rows costs a fraction of an epoch of a large data
 * set (60,000 MNIST rows with no validation split), where the whole split could cost a third of one.
 */
export const CONFUSION_ROWS = 10_000;

/**
 * The confusion matrix of a classifier on the first `maxRows` rows of `bound`, predicted as its accuracy counts them (metrics.ts):
 * argmax of [B, C] logits (first index wins ties) against an i32 label, or for one logit per example
 * class 1 ⇔ logit > 0 against target > 0.5. Runs forward passes in batches of maxBatch (inference mode,
 * parameters untouched). null when the model is not a classifier.
 */
export function confusionMatrix(model: CompiledModel, bound: BoundData, maxRows = CONFUSION_ROWS): Confusion | null {
  const acc = accuracyKind(model.meta);
  if (acc.kind === "none") return null;
  const classes = acc.kind === "classes" ? acc.classes : 2;
  const cells = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const evaluated = Math.min(bound.size, maxRows);
  for (let start = 0; start < evaluated; start += model.maxBatch) {
    const rows = Math.min(model.maxBatch, evaluated - start);
    fillBatch(model, bound, null, start, rows);
    model.forward(rows);
    const out = model.outputs[acc.output]!;
    const labels = model.inputs[acc.label]!;
    for (let r = 0; r < rows; r++) {
      const actual = acc.kind === "classes" ? labels[r]! : labels[r]! > 0.5 ? 1 : 0;
      const predicted = acc.kind === "classes" ? argmax(out, r * classes, classes) : out[r]! > 0 ? 1 : 0;
      cells[actual]![predicted]!++;
    }
  }
  return { classes, cells, rows: evaluated, total: bound.size, names: classNamesOf(bound, classes) };
}

/** The class names a data field carries for `classes` classes (string labels of a CSV), if any. */
function classNamesOf(bound: BoundData, classes: number): readonly string[] | null {
  const field = bound.dataset.fields.find((f) => f.classNames !== undefined && f.classNames.length === classes);
  return field?.classNames ?? null;
}
