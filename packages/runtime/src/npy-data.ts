import { DataError } from "./data-error.ts";
import type { FieldArray } from "./dataset.ts";
import type { ArrayFile } from "./idx-data.ts";

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Supported dtypes: descr → bytes per element ("<" little-endian, "|" byte-sized). */
const NPY_TYPES: Readonly<Record<string, number>> = { "<f4": 4, "<f8": 8, "<i4": 4, "|u1": 1, "<u1": 1 };

/**
 * Decodes a NumPy `.npy` file (format versions 1–3): magic `\x93NUMPY`, version, a little-endian
 * header length, a Python-literal header dict {'descr', 'fortran_order', 'shape'}, then the data.
 * Supported: f4, f8, i4, u1 in C order. Dim 0 counts the examples.
 */
export function decodeNpy(bytes: Uint8Array, path: string): ArrayFile {
  const fail = (message: string, offset: number, help?: string): never => {
    throw new DataError("E0627", `\`${path}\` ${message} (byte offset ${offset})`, { file: path, where: `byte ${offset}`, ...(help === undefined ? {} : { help }) });
  };
  if (bytes.length < 10 || NPY_MAGIC.some((b, i) => bytes[i] !== b)) fail("is not a .npy file: it must start with the bytes \\x93NUMPY", 0, "save arrays with numpy.save(\"x.npy\", array)");
  const major = bytes[6]!;
  if (major < 1 || major > 3) fail(`has an unsupported .npy format version ${major}`, 6);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) fail("is truncated inside its header", bytes.length);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lenBytes + headerLen;
  if (bytes.length < dataStart) fail(`is truncated: the header says it is ${headerLen} bytes long, but the file ends first`, bytes.length);
  const header = new TextDecoder("latin1").decode(bytes.subarray(8 + lenBytes, dataStart));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) fail(`has a malformed header ${JSON.stringify(header.trim())}`, 8 + lenBytes);
  const width = NPY_TYPES[descr!];
  if (width === undefined) fail(`has dtype '${descr!}', which nnc does not read`, 8 + lenBytes, "convert it: numpy.save(\"x.npy\", a.astype(\"<f4\")) — supported are f4, f8, i4 and u1, little-endian");
  if (fortran === "True") fail("is stored in Fortran order", 8 + lenBytes, "save a C-ordered copy: numpy.save(\"x.npy\", numpy.ascontiguousarray(a))");
  const dims = shapeText!.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (dims.length === 0 || dims.some((d) => !Number.isInteger(d) || d < 0)) fail(`has shape (${shapeText!}); the first dimension must count the examples`, 8 + lenBytes);
  const elements = dims.reduce((a, b) => a * b, 1);
  const expected = dataStart + elements * width!;
  if (bytes.length !== expected) {
    fail(`${bytes.length < expected ? "is truncated" : "has trailing bytes"}: shape (${dims.join(", ")}) of '${descr!}' needs ${expected} bytes, but the file has ${bytes.length}`, Math.min(bytes.length, expected));
  }
  return { count: dims[0]!, shape: dims.slice(1), data: readNpyElements(view, dataStart, elements, descr!) };
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
