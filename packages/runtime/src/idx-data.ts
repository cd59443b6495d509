import { DataError } from "./data-error.ts";
import type { FieldArray } from "./dataset.ts";
import { readDataFile } from "./file-read.ts";

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

interface IdxLayout {
  readonly code: number;
  readonly width: number;
  readonly dims: readonly number[];
  readonly headerEnd: number;
  /** Header plus elements: the exact size of a well-formed file. */
  readonly size: number;
}

function idxFail(path: string, message: string, offset: number, help?: string): never {
  throw new DataError("E0626", `\`${path}\` ${message} (byte offset ${offset})`, { file: path, where: `byte ${offset}`, ...(help === undefined ? {} : { help }) });
}

/**
 * The layout an IDX header declares: bytes 0–1 are zero, byte 2 the element type, byte 3 the number
 * of dims, then each dim as a big-endian u32. Undefined when `head` ends inside the header and
 * `complete` is false (a peek at a compressed file's first bytes); malformed headers throw E0626.
 */
function idxLayout(head: Uint8Array, path: string, complete: boolean): IdxLayout | undefined {
  if (head.length < 4) {
    if (!complete) return undefined;
    idxFail(path, `is truncated: an IDX file starts with a 4-byte magic number, but it has ${head.length} bytes`, head.length);
  }
  if (head[0] !== 0 || head[1] !== 0) idxFail(path, "is not an IDX file: its first two bytes must be zero", 0, "IDX files (train-images-idx3-ubyte, …) start with 00 00 TYPE NDIMS");
  const code = head[2]!;
  const type = IDX_TYPES[code];
  if (type === undefined) idxFail(path, `has an unknown IDX element type 0x${code.toString(16).padStart(2, "0")}`, 2, "the types are 08 u8, 09 i8, 0B i16, 0C i32, 0D f32, 0E f64");
  const width = type[1];
  const ndims = head[3]!;
  if (ndims === 0) idxFail(path, "declares 0 dimensions; the first dimension must count the examples", 3);
  const headerEnd = 4 + 4 * ndims;
  if (head.length < headerEnd) {
    if (!complete) return undefined;
    idxFail(path, `is truncated inside its header: ${ndims} dims need ${headerEnd} header bytes, but the file has ${head.length}`, head.length);
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  // Exact while below 2^53; a product past that is refused before anything is allocated.
  const size = headerEnd + dims.reduce((a, b) => a * b, 1) * width;
  if (!Number.isSafeInteger(size)) idxFail(path, `declares dims [${dims.join(", ")}], whose product overflows: more than 2^53 bytes`, 4);
  return { code, width, dims, headerEnd, size };
}

/** Reads and decodes an IDX file (`.gz` too); a compressed file is inflated no further than its header declares. */
export function readIdxFile(path: string): ArrayFile {
  return decodeIdx(readDataFile(path, (head) => idxLayout(head, path, false)?.size), path);
}

/**
 * Decodes an IDX file (the MNIST format): the header (see idxLayout), then the elements, big-endian,
 * C order. Dim 0 counts the examples. Unsigned bytes stay bytes (scaled when bound to a float input);
 * other integer types become i32, floats keep their width. The size is checked before any allocation.
 */
export function decodeIdx(bytes: Uint8Array, path: string): ArrayFile {
  const { code, dims, headerEnd, size } = idxLayout(bytes, path, true)!;
  if (bytes.length !== size) {
    const what = bytes.length < size ? "is truncated" : "has trailing bytes";
    idxFail(path, `${what}: dims [${dims.join(", ")}] need ${size} bytes, but the file has ${bytes.length}`, Math.min(bytes.length, size));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = readElements(view, headerEnd, (size - headerEnd) / IDX_TYPES[code]![1], code);
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
