import { classCount, exampleShape } from "./bind.ts";
import type { CompiledModel, ModelMeta } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import type { MetricKind, MetricSetting } from "./settings.ts";

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

/**
 * A metric bound to a model's output and label buffers. Over an epoch (or a validation pass) the
 * runtime sums `measure` over batches and divides by rows × `perRow`; `finish` maps that mean to the
 * reported value (the mean itself, or its square root for rmse).
 */
export interface BoundMetric {
  /** The name in EpochMetrics and `--json` (`accuracy`, `top_5`, `mae`, `rmse`). */
  readonly name: string;
  /** The sum over the first `rows` rows of the model's current outputs (valid after forward or trainStep). */
  readonly measure: (model: CompiledModel, rows: number) => number;
  /** Values the mean divides by per row: 1 for per-example metrics, the output's elements per example for mae/rmse. */
  readonly perRow: number;
  /**
   * When present, what the mean divides by instead of rows × perRow: the sum over batches of this
   * count for the same rows (`nats` divides by the real target positions, Σ mask, token-weighted).
   */
  readonly weight?: (model: CompiledModel, rows: number) => number;
  readonly finish: (mean: number) => number;
}

/** The name a metric is reported under: its kind, `top_k(k = 5)` as `top_5`. */
export function metricName(m: MetricSetting): string {
  return m.kind === "top_k" ? `top_${String(m.args["k"])}` : m.kind;
}

function notApplicable(m: MetricSetting, meta: ModelMeta, needs: string): DataError {
  return new DataError("E0670", `the metric \`${metricName(m)}\` does not apply to model \`${meta.model}\`: it needs ${needs}`, {
    help: "remove it from `metrics = [...]`: accuracy and top_k are for classifiers, mae and rmse for regression",
  });
}

/** Output and float target of the same per-example size (regression), for mae and rmse. */
function regressionPair(meta: ModelMeta, m: MetricSetting): { output: string; target: string; width: number } {
  const out = meta.outputs.length === 1 ? meta.outputs[0]! : undefined;
  const target = meta.trainInputs.length === 1 ? meta.trainInputs[0]! : undefined;
  const size = (s: (number | string)[]): number | null => (s.every((d) => typeof d === "number") ? s.reduce((a, d) => a * d, 1) : null);
  const width = out === undefined ? null : size(exampleShape(meta, out));
  const ok = out !== undefined && target !== undefined && (target.dtype === "f32" || target.dtype === "f64") && width !== null && width === size(exampleShape(meta, target));
  if (!ok) throw notApplicable(m, meta, "one output and one float target of the same shape");
  return { output: out.name, target: target.name, width };
}

/** Sum over rows × width elements of f(output − target). */
function elementErrorSum(output: string, target: string, width: number, f: (d: number) => number): BoundMetric["measure"] {
  return (model, rows) => {
    const o = model.outputs[output]!;
    const y = model.inputs[target]!;
    let sum = 0;
    for (let i = 0; i < rows * width; i++) sum += f(o[i]! - y[i]!);
    return sum;
  };
}

const meanAsIs = (v: number): number => v;

/** Each metric kind's semantics; the compile-time table in @nnc/ops is keyed by the same kinds. */
export const METRIC_SEMANTICS: Readonly<Record<MetricKind, (meta: ModelMeta, m: MetricSetting) => BoundMetric>> = {
  /** The fraction of examples classified right (accuracyKind: argmax = label, or logit > 0 ⇔ target > 0.5). */
  accuracy: (meta, m) => {
    const acc = accuracyKind(meta);
    if (acc.kind === "none") throw notApplicable(m, meta, "[B, C] logits with an i32 label, or a [B] logit with a float 0/1 target");
    return { name: metricName(m), measure: (model, rows) => countCorrect(model, acc, rows), perRow: 1, finish: meanAsIs };
  },
  /** The fraction of examples whose label's logit is among the k largest: fewer than k logits are strictly larger. */
  top_k: (meta, m) => {
    const acc = accuracyKind(meta);
    const k = m.args["k"];
    if (acc.kind !== "classes") throw notApplicable(m, meta, "[B, C] logits with an i32 label");
    if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > acc.classes) throw notApplicable(m, meta, `k in 1…${acc.classes} (the model's classes), got ${String(k)}`);
    const c = acc.classes;
    const measure = (model: CompiledModel, rows: number): number => {
      const out = model.outputs[acc.output]!;
      const labels = model.inputs[acc.label]!;
      let hits = 0;
      for (let r = 0; r < rows; r++) {
        const mine = out[r * c + labels[r]!]!;
        // A NaN logit of the label is never a hit; a NaN elsewhere is never larger.
        if (Number.isNaN(mine)) continue;
        let larger = 0;
        for (let j = 0; j < c; j++) if (out[r * c + j]! > mine) larger++;
        if (larger < k) hits++;
      }
      return hits;
    };
    return { name: metricName(m), measure, perRow: 1, finish: meanAsIs };
  },
  /** Mean absolute error over every output element. */
  mae: (meta, m) => {
    const p = regressionPair(meta, m);
    return { name: metricName(m), measure: elementErrorSum(p.output, p.target, p.width, Math.abs), perRow: p.width, finish: meanAsIs };
  },
  /** Root of the mean squared error over every output element (of the whole epoch, not a mean of batch roots). */
  rmse: (meta, m) => {
    const p = regressionPair(meta, m);
    return { name: metricName(m), measure: elementErrorSum(p.output, p.target, p.width, (d) => d * d), perRow: p.width, finish: Math.sqrt };
  },
};

/** The metrics reported when the train section selects none: accuracy for a classifier, none otherwise. */
export function defaultMetrics(meta: ModelMeta): MetricSetting[] {
  return accuracyKind(meta).kind === "none" ? [] : [{ kind: "accuracy", args: {} }];
}

/** Binds the selected metrics (null: defaultMetrics) to the model; E0670 for one that does not apply. */
export function bindMetrics(meta: ModelMeta, selected: readonly MetricSetting[] | null | undefined): BoundMetric[] {
  return (selected ?? defaultMetrics(meta)).map((m) => METRIC_SEMANTICS[m.kind](meta, m));
}

/** Running sums of bound metrics over batches; `values()` gives each metric's value by name. */
export class MetricSums {
  private readonly sums: number[];
  /** Each metric's denominator so far: rows × perRow, or the sum of its `weight`. */
  private readonly counts: number[];

  constructor(readonly metrics: readonly BoundMetric[]) {
    this.sums = metrics.map(() => 0);
    this.counts = metrics.map(() => 0);
  }

  add(model: CompiledModel, rows: number): void {
    for (let i = 0; i < this.metrics.length; i++) {
      const m = this.metrics[i]!;
      this.sums[i]! += m.measure(model, rows);
      this.counts[i]! += m.weight === undefined ? rows * m.perRow : m.weight(model, rows);
    }
  }

  values(): Record<string, number> {
    const out: Record<string, number> = {};
    this.metrics.forEach((m, i) => (out[m.name] = m.finish(this.sums[i]! / this.counts[i]!)));
    return out;
  }
}
