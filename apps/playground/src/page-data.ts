/**
 * The data the page trains on, from the runtime core (no data code of the page's own): a point set
 * exactly as `nnc train` generates it from the same data source call, or the digits asset (see
 * build/digits-plugin.ts) split by the core.
 */
import { dataFromArrays, loadSynthetic, SYNTHETIC_SETS, type DataSplit } from "@nnc/runtime/core";

/** The runtime's synthetic 2-D sets (spirals, moons, circles, xor, blobs). */
export const POINT_SETS: readonly string[] = Object.keys(SYNTHETIC_SETS);
/** The page's own asset standing in for `mnist` and files of 784 features. */
export const DIGITS = "digits";

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
