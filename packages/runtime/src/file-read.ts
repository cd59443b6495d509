import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import { totalmem } from "node:os";
import { constants as zlibConstants, gunzipSync } from "node:zlib";
import { DataError, fileErrorReason } from "./data-error.ts";

const GIB = 1024 * 1024 * 1024;
/**
 * Bytes read (or decoded) per step when a file is streamed: small enough that each piece of text is an
 * ordinary young V8 object, collected at once (a piece of 1 MiB or more lives in the large-object space
 * until a full GC, and 18 of them grew the RSS by 39 MB for an 18 MB file).
 */
const READ_CHUNK = 1 << 16;
/** Compressed bytes inflated to peek at a header; deflate expands at most ≈1032×, so ≤ 1.1 MB come out. */
const GZIP_PEEK_IN = 1024;

/**
 * The most bytes one data file or checkpoint may hold, after decompression: $NNC_MAX_DATA_BYTES when
 * set (a whole number of bytes, `4e9` allowed), else the smaller of 2 GiB and an eighth of the machine's
 * memory (bound to a float input, a byte becomes 4 or 8, so the data then fits with room to spare).
 */
export function maxDataBytes(): number {
  const env = process.env["NNC_MAX_DATA_BYTES"];
  if (env === undefined || env.trim() === "") return Math.min(2 * GIB, Math.floor(totalmem() / 8));
  const n = /^\s*\d+(\.\d+)?([eE]\+?\d+)?\s*$/.test(env) ? Number(env) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new DataError("E0622", `NNC_MAX_DATA_BYTES must be a whole number of bytes ≥ 1, got ${JSON.stringify(env)}`, { help: "e.g. NNC_MAX_DATA_BYTES=4e9 allows data files of up to 4 GB" });
  }
  return n;
}

/** `1,234,567 bytes`: a byte count for messages. */
export function byteCountText(n: number): string {
  return Number.isSafeInteger(n) ? `${String(n).replace(/\B(?=(\d{3})+$)/g, ",")} bytes` : `${n.toPrecision(3)} bytes`;
}

function limitError(path: string, message: string): DataError {
  return new DataError("E0647", `\`${path}\` ${message}`, {
    file: path,
    help: "check that this is the file you meant; if it is, raise the limit: NNC_MAX_DATA_BYTES=BYTES (e.g. 8e9)",
  });
}

function nonRegularKind(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return "it is a directory";
  if (st.isFIFO()) return "it is a named pipe (FIFO), not a regular file";
  if (st.isCharacterDevice()) return "it is a character device, not a regular file";
  if (st.isBlockDevice()) return "it is a block device, not a regular file";
  if (st.isSocket()) return "it is a socket, not a regular file";
  return "it is not a regular file";
}

/**
 * An open regular file and its size, refused (via `refuse(reason)`) when it cannot be opened or is
 * anything else — a pipe, a device such as /dev/zero, a socket — which could block or never end.
 * O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer.
 */
function openRegularFile(path: string, refuse: (reason: string) => DataError): { fd: number; size: number } {
  let fd: number;
  try {
    // Where O_NONBLOCK does not exist (Windows) it is undefined, and `| undefined` adds nothing.
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (e) {
    throw refuse(fileErrorReason(e));
  }
  try {
    const st = fstatSync(fd);
    const kind = nonRegularKind(st);
    if (kind !== null) throw refuse(kind);
    const limit = maxDataBytes();
    if (st.size > limit) throw limitError(path, `is ${byteCountText(st.size)}, more than the data size limit of ${byteCountText(limit)}`);
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Reads up to `size` bytes from the start of `fd`; fewer when the file shrank meanwhile. */
function readUpTo(fd: number, size: number): Uint8Array {
  const buf = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, buf, got, size - got, got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** The whole of a regular file of at most maxDataBytes(); `refuse` words the open/kind failures. */
export function readRegularFile(path: string, refuse: (reason: string) => DataError): Uint8Array {
  const { fd, size } = openRegularFile(path, refuse);
  try {
    return readUpTo(fd, size);
  } catch (e) {
    throw refuse(fileErrorReason(e));
  } finally {
    closeSync(fd);
  }
}

function dataFileRefusal(path: string): (reason: string) => DataError {
  return (reason) =>
    new DataError("E0620", `cannot read the data file \`${path}\`: ${reason}`, {
      file: path,
      help: reason.endsWith("not a regular file")
        ? "data files must be regular files; save a stream to a file first"
        : "paths in `data = …` are relative to the .nn file; paths given with --data are relative to the working directory",
    });
}

function notGzip(path: string, e: unknown): DataError {
  return new DataError("E0620", `cannot read the data file \`${path}\`: not valid gzip (${e instanceof Error ? e.message : String(e)})`, { file: path });
}

function isTooLarge(e: unknown): boolean {
  return typeof e === "object" && e !== null && "code" in e && e.code === "ERR_BUFFER_TOO_LARGE";
}

/**
 * The size a binary format's header declares for the whole (decompressed) file, read from its first
 * bytes; undefined when `head` is too short to tell. Throws a DataError for a malformed header.
 */
export type DeclaredSize = (head: Uint8Array) => number | undefined;

/**
 * Gunzips at most `limit` bytes (else E0647). When the header's declared size is known, the limit is
 * that size: a bomb behind a small header stops at once. The gzip trailer's ISIZE (the size mod 2³²)
 * sizes the output buffer, so a well-formed file is inflated into one allocation, never concatenated.
 */
function gunzipCapped(path: string, gz: Uint8Array, declared: DeclaredSize | undefined): Uint8Array {
  const cap = maxDataBytes();
  let limit = cap;
  let what = `more than the data size limit of ${byteCountText(cap)}`;
  if (declared !== undefined) {
    let head: Uint8Array;
    try {
      head = gunzipSync(gz.subarray(0, GZIP_PEEK_IN), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 2 * 1024 * 1024 });
    } catch (e) {
      throw notGzip(path, e);
    }
    const size = declared(head);
    if (size !== undefined && size > cap) throw limitError(path, `declares ${byteCountText(size)} in its header, more than the data size limit of ${byteCountText(cap)}`);
    if (size !== undefined) {
      limit = size;
      what = `more than the ${byteCountText(size)} its header declares`;
    }
  }
  const isize = gz.length >= 4 ? new DataView(gz.buffer, gz.byteOffset + gz.length - 4, 4).getUint32(0, true) : 0;
  const chunkSize = Math.max(zlibConstants.Z_DEFAULT_CHUNK, Math.min(isize, limit) + 1);
  try {
    return gunzipSync(gz, { maxOutputLength: Math.max(1, limit), chunkSize });
  } catch (e) {
    if (isTooLarge(e)) throw limitError(path, `decompresses to ${what}`);
    throw notGzip(path, e);
  }
}

/**
 * The bytes of a data file, gunzipped when the name ends in `.gz`, at most maxDataBytes() (E0647);
 * a missing file, a pipe or device, or bad gzip is E0620. `declared` bounds a `.gz` file's output by
 * what its header says before anything is inflated past it.
 */
export function readDataFile(path: string, declared?: DeclaredSize): Uint8Array {
  const bytes = readRegularFile(path, dataFileRefusal(path));
  return path.endsWith(".gz") ? gunzipCapped(path, bytes, declared) : bytes;
}

function notUtf8(path: string): DataError {
  return new DataError("E0620", `the data file \`${path}\` is not UTF-8 text`, { file: path });
}

/** Reads a data file as UTF-8 text (a BOM is dropped). */
export function readDataText(path: string): string {
  const bytes = readDataFile(path);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw notUtf8(path);
  }
}

/**
 * Streams a data file as UTF-8 text to `onText`, in pieces of about 64 KiB, each with the file's
 * (decompressed) size in bytes (a BOM is dropped): a plain
 * file is read piece by piece, so its whole text is never held at once; a `.gz` file is inflated
 * (capped) and decoded piece by piece.
 */
export function streamDataText(path: string, onText: (text: string, totalBytes: number) => void): void {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const decode = (bytes: Uint8Array, last: boolean): string => {
    try {
      return decoder.decode(bytes, { stream: !last });
    } catch {
      throw notUtf8(path);
    }
  };
  if (path.endsWith(".gz")) {
    const bytes = readDataFile(path);
    for (let at = 0; at < bytes.length; at += READ_CHUNK) onText(decode(bytes.subarray(at, at + READ_CHUNK), false), bytes.length);
    onText(decode(new Uint8Array(0), true), bytes.length);
    return;
  }
  const refuse = dataFileRefusal(path);
  const { fd, size } = openRegularFile(path, refuse);
  try {
    const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(size, 1)));
    let at = 0;
    // Stops at the size fstat gave: a file that grows while it is read cannot push past the limit.
    while (at < size) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, Math.min(buf.length, size - at), at);
      } catch (e) {
        throw refuse(fileErrorReason(e));
      }
      if (n === 0) break;
      at += n;
      onText(decode(buf.subarray(0, n), false), size);
    }
    onText(decode(new Uint8Array(0), true), size);
  } finally {
    closeSync(fd);
  }
}
