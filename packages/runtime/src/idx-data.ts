import { DataError } from "./data-error.ts";
import type { FieldArray } from "./dataset.ts";

/** A decoded array file: `count` examples of shape `shape`. */
export interface ArrayFile {
  readonly count: number;
  readonly shape: readonly number[];
  readonly data: FieldArray;
}

/** IDX element types (byte 2 of the magic): code → [name, bytes per element]. */
const IDX_TYPES: Readonly<Record<number, readonly [string, number]>> = {
  0x08: ["unsigned byte", 1],
  0x09: ["signed byte", 1],
  0x0b: ["short", 2],
  0x0c: ["int", 4],
  0x0d: ["float", 4],
  0x0e: ["double", 8],
};

/**
 * Decodes an IDX file (the MNIST format): bytes 0–1 are zero, byte 2 the element type, byte 3 the
 * number of dims; then each dim as a big-endian u32; then the elements, big-endian, C order. Dim 0
 * counts the examples. Unsigned bytes stay bytes (scaled when bound to a float input); other integer
 * types become i32, floats keep their width.
 */
export function decodeIdx(bytes: Uint8Array, path: string): ArrayFile {
  const fail = (message: string, offset: number, help?: string): never => {
    throw new DataError("E0626", `\`${path}\` ${message} (byte offset ${offset})`, { file: path, where: `byte ${offset}`, ...(help === undefined ? {} : { help }) });
  };
  if (bytes.length < 4) fail(`is truncated: an IDX file starts with a 4-byte magic number, but it has ${bytes.length} bytes`, bytes.length);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail("is not an IDX file: its first two bytes must be zero", 0, "IDX files (train-images-idx3-ubyte, …) start with 00 00 TYPE NDIMS");
  const type = IDX_TYPES[bytes[2]!];
  if (type === undefined) fail(`has an unknown IDX element type 0x${bytes[2]!.toString(16).padStart(2, "0")}`, 2, "the types are 08 u8, 09 i8, 0B i16, 0C i32, 0D f32, 0E f64");
  const [, width] = type!;
  const ndims = bytes[3]!;
  if (ndims === 0) fail("declares 0 dimensions; the first dimension must count the examples", 3);
  const headerEnd = 4 + 4 * ndims;
  if (bytes.length < headerEnd) fail(`is truncated inside its header: ${ndims} dims need ${headerEnd} header bytes, but the file has ${bytes.length}`, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const elements = dims.reduce((a, b) => a * b, 1);
  const expected = headerEnd + elements * width;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? "is truncated" : "has trailing bytes";
    fail(`${what}: dims [${dims.join(", ")}] need ${expected} bytes, but the file has ${bytes.length}`, Math.min(bytes.length, expected));
  }
  const data = readElements(view, headerEnd, elements, bytes[2]!);
  return { count: dims[0]!, shape: dims.slice(1), data };
}

function readElements(view: DataView, at: number, n: number, code: number): FieldArray {
  switch (code) {
    case 0x08:
      return new Uint8Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + at + n));
    case 0x0d:
      return Float32Array.from({ length: n }, (_, i) => view.getFloat32(at + 4 * i, false));
    case 0x0e:
      return Float64Array.from({ length: n }, (_, i) => view.getFloat64(at + 8 * i, false));
    case 0x09:
      return Int32Array.from({ length: n }, (_, i) => view.getInt8(at + i));
    case 0x0b:
      return Int32Array.from({ length: n }, (_, i) => view.getInt16(at + 2 * i, false));
    default:
      return Int32Array.from({ length: n }, (_, i) => view.getInt32(at + 4 * i, false));
  }
}
