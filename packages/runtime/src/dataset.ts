import { DataError } from "./data-error.ts";
import { Rng, shuffleInPlace } from "./rng.ts";

/** Element storage of a data field as loaded (before binding to a model input converts it). */
export type FieldArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/**
 * One named column of a data set: `size` examples, each of shape `shape` (the model input's shape
 * minus the batch dim), stored contiguously in C order.
 */
export interface DataField {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: FieldArray;
  /** Multiplier applied when bytes (u8) are bound to a float input: 1/255 maps pixels to [0, 1]. */
  readonly byteScale: number;
  /** Class names when the labels were text ("setosa" → 0, sorted), for printing predictions. */
  readonly classNames?: readonly string[];
  /** The file holding this field when each field has its own (IDX, NPY, MNIST), for error messages. */
  readonly file?: string;
}

export interface Dataset {
  /** Describes the source, e.g. `spirals(n=1000)` or `data/iris.csv`. */
  readonly name: string;
  readonly size: number;
  readonly fields: readonly DataField[];
  /** Where example `i` came from, for error messages: `{ file, where: "line 17" }`. */
  locate(i: number): { readonly file: string; readonly where: string };
}

/** A data set split into the part trained on and the part only evaluated. */
export interface DataSplit {
  readonly train: Dataset;
  readonly validation: Dataset | null;
}

export function elementsOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A data set over `fields`, checking that every field holds `size` whole examples. */
export function makeDataset(name: string, fields: readonly DataField[], locate: Dataset["locate"]): Dataset {
  const first = fields[0];
  if (first === undefined) throw new DataError("E0633", `the data set ${name} has no fields`);
  const size = first.data.length / elementsOf(first.shape);
  for (const f of fields) {
    const n = f.data.length / elementsOf(f.shape);
    if (n !== size) {
      throw new DataError("E0633", `the fields of ${name} have different lengths: \`${first.name}\` has ${size} examples, \`${f.name}\` has ${n}`, {
        help: "give every field the same number of examples (records, rows or images)",
      });
    }
  }
  if (size === 0) throw new DataError("E0633", `the data set ${name} is empty`, { help: "give at least one example" });
  return { name, size, fields, locate };
}

/** The examples of `ds` at `indices` (in that order), copied. */
export function subset(ds: Dataset, indices: Int32Array, suffix: string): Dataset {
  const fields = ds.fields.map((f): DataField => {
    const k = elementsOf(f.shape);
    const Ctor = f.data.constructor as new (n: number) => FieldArray;
    const out = new Ctor(indices.length * k);
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r]!;
      out.set(f.data.subarray(i * k, i * k + k), r * k);
    }
    return { ...f, data: out };
  });
  const locate = (i: number): { file: string; where: string } => ds.locate(indices[i] ?? i);
  return { name: `${ds.name}${suffix}`, size: indices.length, fields, locate };
}

/**
 * Reorders every field's rows in place so that row r becomes the old row `order[r]`, following each
 * cycle of the permutation with one row of scratch: no copy of the data is made.
 */
function permuteRowsInPlace(fields: readonly DataField[], order: Int32Array): void {
  const n = order.length;
  const done = new Uint8Array(n);
  for (const f of fields) {
    const k = elementsOf(f.shape);
    const d = f.data;
    const Ctor = d.constructor as new (n: number) => FieldArray;
    const tmp = new Ctor(k);
    done.fill(0);
    for (let s = 0; s < n; s++) {
      if (done[s] === 1 || order[s] === s) continue;
      tmp.set(d.subarray(s * k, s * k + k));
      let j = s;
      for (;;) {
        done[j] = 1;
        const from = order[j]!;
        if (from === s) {
          d.set(tmp, j * k);
          break;
        }
        d.copyWithin(j * k, from * k, from * k + k);
        j = from;
      }
    }
  }
}

/**
 * A seeded split: the examples are shuffled with `seed`, the last `round(size × fraction)` become
 * validation. Deterministic, disjoint, and independent of the training seed. With `inPlace` (for a
 * data set nobody else holds, as a reader's own) the rows are reordered in place and both parts are
 * views of the same arrays, so the split costs no copy; the parts hold the same values either way.
 */
export function splitDataset(ds: Dataset, fraction: number, seed: number, inPlace = false): DataSplit {
  if (!(fraction >= 0 && fraction < 1)) throw new DataError("E0622", `the validation fraction \`val\` must be in [0, 1), got ${fraction}`);
  const nVal = Math.round(ds.size * fraction);
  if (nVal === 0) return { train: ds, validation: null };
  if (nVal >= ds.size) throw new DataError("E0633", `${ds.name} has ${ds.size} examples: too few to keep ${nVal} for validation`, { help: "use more data or a smaller `val`" });
  const order = new Int32Array(ds.size);
  for (let i = 0; i < ds.size; i++) order[i] = i;
  shuffleInPlace(order, new Rng(seed));
  const nTrain = ds.size - nVal;
  if (!inPlace) return { train: subset(ds, order.slice(0, nTrain), " [train]"), validation: subset(ds, order.slice(nTrain), " [validation]") };
  permuteRowsInPlace(ds.fields, order);
  const part = (from: number, to: number, suffix: string): Dataset => ({
    name: `${ds.name}${suffix}`,
    size: to - from,
    fields: ds.fields.map((f) => ({ ...f, data: f.data.subarray(from * elementsOf(f.shape), to * elementsOf(f.shape)) })),
    locate: (i) => ds.locate(order[from + i] ?? from + i),
  });
  return { train: part(0, nTrain, " [train]"), validation: part(nTrain, ds.size, " [validation]") };
}

/** Data given directly as fields (the playground, tests): split like a file. */
export function dataFromArrays(name: string, fields: readonly DataField[], val: number, seed: number): DataSplit {
  return splitDataset(makeDataset(name, fields, (i) => ({ file: name, where: `example ${i}` })), val, seed);
}
