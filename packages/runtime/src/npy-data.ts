import { DataError } from "./data-error.ts";
import type { FieldArray } from "./dataset.ts";
import { readDataFile } from "./file-read.ts";
import type { ArrayFile } from "./idx-data.ts";

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Supported dtypes: descr → bytes per element ("<" little-endian, "|" byte-sized). */
const NPY_TYPES: Readonly<Record<string, number>> = { "<f4": 4, "<f8": 8, "<i4": 4, "|u1": 1, "<u1": 1 };

function npyFail(path: string, message: string, offset: number, help?: string): never {
  throw new DataError("E0627", `\`${path}\` ${message} (byte offset ${offset})`, { file: path, where: `byte ${offset}`, ...(help === undefined ? {} : { help }) });
}

interface NpyLayout {
  readonly descr: string;
  readonly dims: readonly number[];
  readonly dataStart: number;
  /** Header plus data: the exact size of a well-formed file. */
  readonly size: number;
}

/**
 * The layout a `.npy` header declares (format versions 1–3): magic `\x93NUMPY`, version, a
 * little-endian header length, a Python-literal dict {'descr', 'fortran_order', 'shape'}. Undefined
 * when `head` ends inside the header and `complete` is false; malformed headers throw E0627.
 */
function npyLayout(bytes: Uint8Array, path: string, complete: boolean): NpyLayout | undefined {
  if (bytes.length < 10 && !complete && NPY_MAGIC.every((b, i) => i >= bytes.length || bytes[i] === b)) return undefined;
  if (bytes.length < 10 || NPY_MAGIC.some((b, i) => bytes[i] !== b)) npyFail(path, "is not a .npy file: it must start with the bytes \\x93NUMPY", 0, "save arrays with numpy.save(\"x.npy\", array)");
  const major = bytes[6]!;
  if (major < 1 || major > 3) npyFail(path, `has an unsupported .npy format version ${major}`, 6);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) {
    if (!complete) return undefined;
    npyFail(path, "is truncated inside its header", bytes.length);
  }
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lenBytes + headerLen;
  if (bytes.length < dataStart) {
    if (!complete) return undefined;
    npyFail(path, `is truncated: the header says it is ${headerLen} bytes long, but the file ends first`, bytes.length);
  }
  const header = new TextDecoder("latin1").decode(bytes.subarray(8 + lenBytes, dataStart));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) npyFail(path, `has a malformed header ${JSON.stringify(header.trim())}`, 8 + lenBytes);
  const width = NPY_TYPES[descr];
  if (width === undefined) npyFail(path, `has dtype '${descr}', which nnc does not read`, 8 + lenBytes, "convert it: numpy.save(\"x.npy\", a.astype(\"<f4\")) — supported are f4, f8, i4 and u1, little-endian");
  if (fortran === "True") npyFail(path, "is stored in Fortran order", 8 + lenBytes, "save a C-ordered copy: numpy.save(\"x.npy\", numpy.ascontiguousarray(a))");
  const dims = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (dims.length === 0 || dims.some((d) => !Number.isSafeInteger(d) || d < 0)) npyFail(path, `has shape (${shapeText}); the first dimension must count the examples`, 8 + lenBytes);
  // Exact while below 2^53; a product past that is refused before anything is allocated.
  const size = dataStart + dims.reduce((a, b) => a * b, 1) * width;
  if (!Number.isSafeInteger(size)) npyFail(path, `has shape (${dims.join(", ")}), whose product overflows: more than 2^53 bytes`, 8 + lenBytes);
  return { descr, dims, dataStart, size };
}

/** Reads and decodes a `.npy` file (`.gz` too); a compressed file is inflated no further than its header declares. */
export function readNpyFile(path: string): ArrayFile {
  return decodeNpy(readDataFile(path, (head) => npyLayout(head, path, false)?.size), path);
}

/**
 * Decodes a NumPy `.npy` file: the header (see npyLayout), then the data. Supported: f4, f8, i4, u1
 * in C order. Dim 0 counts the examples. The size is checked before any allocation.
 */
export function decodeNpy(bytes: Uint8Array, path: string): ArrayFile {
  const { descr, dims, dataStart, size } = npyLayout(bytes, path, true)!;
  if (bytes.length !== size) {
    npyFail(path, `${bytes.length < size ? "is truncated" : "has trailing bytes"}: shape (${dims.join(", ")}) of '${descr}' needs ${size} bytes, but the file has ${bytes.length}`, Math.min(bytes.length, size));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { count: dims[0]!, shape: dims.slice(1), data: readNpyElements(view, dataStart, (size - dataStart) / NPY_TYPES[descr]!, descr) };
}

function readNpyElements(view: DataView, at: number, n: number, descr: string): FieldArray {
  switch (descr) {
    case "<f4":
      return Float32Array.from({ length: n }, (_, i) => view.getFloat32(at + 4 * i, true));
    case "<f8":
      return Float64Array.from({ length: n }, (_, i) => view.getFloat64(at + 8 * i, true));
    case "<i4":
      return Int32Array.from({ length: n }, (_, i) => view.getInt32(at + 4 * i, true));
    default:
      return new Uint8Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + at + n));
  }
}
