import { bindData, classCount, fillBatch } from "./bind.ts";
import type { CompiledModel } from "./compiled-model.ts";
import type { DataSourceSpec } from "./data-args.ts";
import { loadData } from "./data-source.ts";
import type { Dataset } from "./dataset.ts";
import { argmax } from "./metrics.ts";

export interface Prediction {
  readonly index: number;
  /** The single output's values for this example, by output name. */
  readonly outputs: Readonly<Record<string, readonly number[]>>;
  /** argmax of a [B, C] output, when the model has exactly one. */
  readonly class: number | null;
  readonly className: string | null;
  /** The example's label, when the data has a `label` field. */
  readonly label: number | null;
}

/**
 * The data `nnc predict --input` runs on: every example of a file or synthetic set (no validation
 * split unless `val` is given, then the validation part), and for `mnist()` its fixed validation part.
 */
export function loadPredictData(spec: DataSourceSpec, baseDir: string): Dataset {
  if (spec.source === "mnist") return loadData(spec, baseDir).validation!;
  const given = Object.hasOwn(spec.args, "val");
  const split = loadData(given ? spec : { source: spec.source, args: { ...spec.args, val: 0 } }, baseDir);
  return split.validation ?? split.train;
}

/** Runs the forward pass over `ds` in batches of `model.maxBatch` and collects every output per example. */
export function predictAll(model: CompiledModel, ds: Dataset): Prediction[] {
  const meta = model.meta;
  const bound = bindData(meta, ds, false);
  const classes = classCount(meta);
  const labelField = ds.fields.find((f) => f.name === "label" && f.shape.length === 0);
  const names = ds.fields.find((f) => f.classNames !== undefined)?.classNames ?? null;
  const out: Prediction[] = [];
  for (let start = 0; start < ds.size; start += model.maxBatch) {
    const rows = Math.min(model.maxBatch, ds.size - start);
    fillBatch(model, bound, null, start, rows);
    model.forward(rows);
    for (let r = 0; r < rows; r++) {
      const outputs: Record<string, number[]> = {};
      for (const o of meta.outputs) {
        const buf = model.outputs[o.name]!;
        const batched = meta.batchDim !== null && o.shape[0] === meta.batchDim;
        const width = batched ? o.shape.slice(1).reduce<number>((a, d) => a * Number(d), 1) : buf.length;
        outputs[o.name] = Array.from(buf.subarray(batched ? r * width : 0, batched ? (r + 1) * width : width));
      }
      const first = meta.outputs[0];
      const cls = classes !== null && first !== undefined ? argmax(outputs[first.name]!, 0, classes) : null;
      out.push({
        index: start + r,
        outputs,
        class: cls,
        className: cls !== null && names !== null ? (names[cls] ?? null) : null,
        label: labelField === undefined ? null : labelField.data[start + r]!,
      });
    }
  }
  return out;
}
