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
      const outputs = Object.create(null) as Record<string, number[]>; // no prototype: `__proto__` is a name like any other
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

/** Backslash escapes for the control characters that have a short one. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * User text (a class name from a CSV file, a file name) made safe as one field of a TSV line shown on
 * a terminal: a backslash, tab and line breaks become `\\`, `\t`, `\n`, `\r`; every other control
 * character (C0, DEL, C1), the Unicode line and paragraph separators and the bidirectional controls
 * become `\xHH` or `\uHHHH`. So a field never splits a column or a line, and no ESC, BEL or
 * direction override reaches the terminal; text without such characters is unchanged.
 */
export function tsvText(text: string): string {
  let out = "";
  for (const c of text) {
    const code = c.codePointAt(0)!;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x61c || code === 0x200e || code === 0x200f;
    const layout = (code >= 0x2028 && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    if (c === "\\" || control || layout) out += SHORT_ESCAPES[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
    else out += c;
  }
  return out;
}
