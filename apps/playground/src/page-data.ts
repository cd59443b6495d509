/**
 * The data the page trains on, from the runtime core (no data code of the page's own): a point set
 * exactly as `nnc train` generates it from the same data source call, or the digits asset (see
 * build/digits-plugin.ts) split by the core.
 */
import { NAMES_ARGS, NAMES_FILE, namesHeader } from "./learn/names-format.ts";
import { dataFromArrays, loadSynthetic, makeDataset, SYNTHETIC_SETS, type DataField, type Dataset, type DataSplit } from "@nnc/runtime/core";

/** The runtime's synthetic 2-D sets (spirals, moons, circles, xor, blobs). */
export const POINT_SETS: readonly string[] = Object.keys(SYNTHETIC_SETS);
/** The page's own asset standing in for `mnist` and files of 784 features. */
export const DIGITS = "digits";
/** The text corpus `names()`, served as the page's asset names.bin (see build/names-plugin.ts). */
export const NAMES = "names";
export { NAMES_ARGS, NAMES_FILE } from "./learn/names-format.ts";

export function isPointSet(s: string): boolean {
  return Object.hasOwn(SYNTHETIC_SETS, s);
}

export interface DataSourceCall {
  readonly source: string;
  readonly args: Readonly<Record<string, number | string>>;
}

/** Pixels in [0, 255] bound to a float input become [0, 1]. */
const PIXEL_SCALE = 1 / 255;

/**
 * The digits asset: a little-endian u32 count, then `count` label bytes, then `count` × 784 pixel
 * bytes. Split like any data given as arrays, holding out `val` with the data seed.
 */
export function digitsSplit(buf: ArrayBuffer, val: number, seed: number): DataSplit {
  const size = new DataView(buf).getUint32(0, true);
  const bytes = new Uint8Array(buf);
  const label = Int32Array.from(bytes.subarray(4, 4 + size));
  const pixels = bytes.slice(4 + size, 4 + size + size * 784);
  return dataFromArrays("digits", [
    { name: "x", shape: [784], data: pixels, byteScale: PIXEL_SCALE },
    { name: "label", shape: [], data: label, byteScale: 1 },
  ], val, seed);
}

/** A synthetic set (spirals, moons, …) from its data source call: the core's generator, the CLI's data. */
export function pointSplit(call: DataSourceCall): DataSplit {
  return loadSynthetic(call);
}

/** The names split with what sampling and the views need: the vocabulary (id i + 1 ↔ vocab[i], 0 the boundary). */
export interface NamesSplit extends DataSplit {
  readonly vocab: readonly string[];
  readonly context: number;
  /** The bigram baseline's validation nats per character, as `nnc train` prints it. */
  readonly bigram: number | null;
}

/** Arguments of the program's names() call that the asset cannot serve, as text; null when it can. */
export function namesArgsProblem(args: Readonly<Record<string, number | string>>): string | null {
  const served: Readonly<Record<string, number>> = NAMES_ARGS;
  const bad = Object.entries(args).filter(([k, v]) => served[k] !== v);
  if (bad.length === 0) return null;
  return `the page serves names(${Object.entries(NAMES_ARGS).map(([k, v]) => `${k} = ${v}`).join(", ")}) only; this program asks for ${bad.map(([k, v]) => `${k} = ${String(v)}`).join(", ")}`;
}

/**
 * The names asset: u32 header length, a JSON header, then x, y, mask bytes of the train rows and of
 * the validation rows (rows × context each) — the runtime's own names() split, made at build time.
 * Throws when the header's args are not NAMES_ARGS or the file is not the size its header promises.
 */
export function namesSplit(buf: ArrayBuffer): NamesSplit {
  const bytes = new Uint8Array(buf);
  const { header, headerBytes } = namesHeader(buf);
  const T = header.context;
  let at = 4 + headerBytes;
  const take = (rows: number): Uint8Array => {
    const part = bytes.subarray(at, at + rows * T);
    at += rows * T;
    return part;
  };
  const rows = (name: string, n: number): Dataset => {
    const fields: DataField[] = [
      { name: "x", shape: [T], data: Int32Array.from(take(n)), byteScale: 1 },
      { name: "y", shape: [T], data: Int32Array.from(take(n)), byteScale: 1 },
      { name: "mask", shape: [T], data: Float32Array.from(take(n)), byteScale: 1 },
    ];
    return makeDataset(name, fields, (i) => ({ file: NAMES_FILE, where: `row ${i + 1}` }));
  };
  const train = rows("names() [train]", header.trainRows);
  const validation = rows("names() [validation]", header.validationRows);
  return { train, validation, vocab: header.vocab, context: T, bigram: header.bigram };
}
