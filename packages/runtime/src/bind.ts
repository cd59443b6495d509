import type { AnyArray, CompiledModel, ModelMeta, TensorMeta } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import { elementsOf, type DataField, type Dataset } from "./dataset.ts";

/** One model input fed from a data field, converted once to the input buffer's element type. */
export interface BoundField {
  readonly input: string;
  /** Elements per example. */
  readonly width: number;
  readonly data: AnyArray;
}

export interface BoundData {
  readonly dataset: Dataset;
  readonly size: number;
  readonly fields: readonly BoundField[];
}

function shapeText(shape: readonly (number | string)[]): string {
  return `[${shape.join(", ")}]`;
}

/** The per-example shape of an input: its shape without the batch dim (the first dim, when it is the batch). */
export function exampleShape(meta: ModelMeta, t: TensorMeta): (number | string)[] {
  return meta.batchDim !== null && t.shape[0] === meta.batchDim ? t.shape.slice(1) : [...t.shape];
}

/** Classes of the model's single [B, C] output when it has an i32 train input `label` ([B]); else null. */
export function classCount(meta: ModelMeta): number | null {
  const out = meta.outputs.length === 1 ? meta.outputs[0]! : undefined;
  const labels = meta.trainInputs.filter((t) => t.dtype === "i32");
  if (out?.shape.length !== 2 || out.shape[0] !== meta.batchDim || typeof out.shape[1] !== "number" || labels.length !== 1) return null;
  return out.shape[1];
}

/** The help for a label outside 0…C−1: relabel, or (for a plausible class count) widen the output. */
function labelHelp(v: number, classes: number): string {
  if (classes === 0) return "the model's output has 0 classes (its last dim is 0), so no label fits: give the output one column per class, e.g. f32[B, 10]";
  if (v < 0) return `labels are class indices counted from 0; relabel the data to 0…${classes - 1}`;
  const widen = v < 2 ** 31 ? ` or widen the output to f32[B, ${v + 1}] if the data is right` : "";
  return `the model's output has ${classes} class${classes === 1 ? "" : "es"}; relabel the data${widen}`;
}

function convert(field: DataField, t: TensorMeta, ds: Dataset, width: number, classes: number | null): AnyArray {
  const src = field.data;
  const n = src.length;
  if (t.dtype === "i32" || t.dtype === "bool") {
    const out = t.dtype === "i32" ? new Int32Array(n) : new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      const ok = Number.isInteger(v) && (classes === null || (v >= 0 && v < classes));
      if (ok) {
        out[i] = v;
        continue;
      }
      // Only on failure: where the example came from, in the file that holds this field.
      const at = ds.locate(Math.floor(i / width));
      const file = field.file ?? at.file;
      if (!Number.isInteger(v)) {
        throw new DataError("E0631", `${file} ${at.where}: \`${field.name}\` is ${v}, but the model's input \`${t.name}\` holds whole numbers (${t.dtype})`, { file, where: at.where });
      }
      const range = classes === 0 ? "fits no class: the model's output has 0 classes" : `is outside the model's classes 0…${classes! - 1}`;
      throw new DataError("E0631", `${file} ${at.where}: label ${v} ${range}`, { file, where: at.where, help: labelHelp(v, classes!) });
    }
    return out;
  }
  const out = t.dtype === "f64" ? new Float64Array(n) : new Float32Array(n);
  const scale = src instanceof Uint8Array ? field.byteScale : 1;
  for (let i = 0; i < n; i++) out[i] = src[i]! * scale;
  return out;
}

/**
 * Binds data fields to the model's inputs and train inputs BY NAME. A field's example shape must equal
 * the input's shape without the batch dim, or have the same number of elements (then it is read in C
 * order: an IDX image [28, 28] feeds an f32[B, 784] input). Integer inputs must receive whole numbers;
 * class labels must lie in 0…C−1 for a [B, C] output.
 */
export function bindData(meta: ModelMeta, ds: Dataset, needTrainInputs: boolean): BoundData {
  const wanted = needTrainInputs ? [...meta.inputs, ...meta.trainInputs] : [...meta.inputs];
  const classes = classCount(meta);
  const fields = wanted.map((t): BoundField => {
    const field = ds.fields.find((f) => f.name === t.name);
    if (field === undefined) {
      throw new DataError("E0629", `the data ${ds.name} has no field \`${t.name}\` for the model's input \`${t.name}: ${t.dtype}${shapeText(t.shape)}\``, {
        help: `its fields are ${ds.fields.map((f) => `\`${f.name}\``).join(", ")}; data fields bind to inputs by name`,
      });
    }
    const want = exampleShape(meta, t);
    const symbolic = want.find((d) => typeof d === "string");
    if (symbolic !== undefined) throw new DataError("E0630", `the input \`${t.name}\` has the symbolic dim \`${symbolic}\` besides the batch; data cannot feed it`);
    const width = elementsOf(want as number[]);
    if (elementsOf(field.shape) !== width) {
      throw new DataError("E0630", `the data field \`${field.name}\` has examples of shape ${shapeText(field.shape)}, but the model's input \`${t.name}\` needs ${shapeText(want)} per example`, {
        file: field.file ?? ds.locate(0).file,
        help: `the input is declared ${t.dtype}${shapeText(t.shape)}; the example shape must match it without the batch dim (or have the same number of elements)`,
      });
    }
    return { input: t.name, width, data: convert(field, t, ds, width, t.dtype === "i32" && meta.trainInputs.includes(t) ? classes : null) };
  });
  return { dataset: ds, size: ds.size, fields };
}

/** Copies the examples `order[start … start+rows)` into the model's input buffers, rows 0…rows−1. */
export function fillBatch(model: CompiledModel, bound: BoundData, order: Int32Array | null, start: number, rows: number): void {
  for (const f of bound.fields) {
    const dst = model.inputs[f.input];
    if (dst === undefined) throw new Error(`the compiled model has no input buffer \`${f.input}\``);
    const w = f.width;
    if (order === null) {
      dst.set(f.data.subarray(start * w, (start + rows) * w), 0);
      continue;
    }
    for (let r = 0; r < rows; r++) {
      const i = order[start + r]!;
      dst.set(f.data.subarray(i * w, i * w + w), r * w);
    }
  }
}
