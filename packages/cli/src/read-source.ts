import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { diagnostic, SourceFile, type Diagnostic, type Span } from "@nnc/diagnostics";

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostic: Diagnostic };

/** The whole-file span used for problems with a file as such, not with a place in it. */
export function fileSpan(file: string): Span {
  return { file, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** A short reason for a failed read, from the Node error code. */
export function readErrorReason(code: string | undefined): string {
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "it is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a parent of it is not a directory";
    case "ELOOP":
      return "too many levels of symbolic links";
    default:
      return code === undefined ? "unknown error" : `system error ${code}`;
  }
}

export function errorCode(e: unknown): string | undefined {
  if (typeof e === "object" && e !== null && "code" in e && typeof e.code === "string") return e.code;
  return undefined;
}

/** Index of the first byte that is not part of valid UTF-8: re-encoding the lossy decode keeps the valid prefix. */
function firstBadByte(bytes: Uint8Array): number {
  const roundTrip = Buffer.from(new TextDecoder("utf-8").decode(bytes));
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let j = 0;
  while (i < bytes.length && bytes[i] === roundTrip[j]) {
    i++;
    j++;
  }
  return i;
}

/** The largest `.nn` source nnc reads: far beyond any real program, small enough to hold in memory. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** Why a file that is not a regular file cannot be a source, or null for a regular file. */
function notRegularReason(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return "it is a directory";
  if (st.isFIFO()) return "it is a named pipe (FIFO), not a regular file";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "it is a device, not a regular file";
  if (st.isSocket()) return "it is a socket, not a regular file";
  return "it is not a regular file";
}

class SourceReadError extends Error {
  constructor(
    readonly code: "E0601" | "E0603",
    readonly reason: string,
  ) {
    super(reason);
  }
}

function refuseSpecial(st: Stats): void {
  const reason = notRegularReason(st);
  if (reason !== null) throw new SourceReadError("E0601", reason);
  if (st.size > MAX_SOURCE_BYTES) throw new SourceReadError("E0603", `it is ${st.size} bytes; a source may have at most ${MAX_SOURCE_BYTES} (16 MiB)`);
}

/**
 * The bytes of a regular file of at most MAX_SOURCE_BYTES. Devices, FIFOs and sockets are refused
 * before they are opened (stat), and again after (fstat of a non-blocking open, so a FIFO swapped in
 * meanwhile cannot block); reading stops one byte past the cap whatever the size said.
 */
function readRegularFile(path: string): Buffer {
  refuseSpecial(statSync(path));
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    refuseSpecial(fstatSync(fd));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, MAX_SOURCE_BYTES + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_SOURCE_BYTES) throw new SourceReadError("E0603", `it has more than ${MAX_SOURCE_BYTES} bytes (16 MiB), the most a source may have`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a `.nn` source as UTF-8; a missing, unreadable or non-regular file (FIFO, device, socket)
 * becomes E0601, one larger than MAX_SOURCE_BYTES E0603; invalid UTF-8 an E0602 error at the bad byte.
 */
export function readSource(path: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path);
  } catch (e) {
    const [code, reason] = e instanceof SourceReadError ? [e.code, e.reason] : (["E0601", readErrorReason(errorCode(e))] as const);
    const help = code === "E0603" ? { help: "pass the `.nn` source itself; a program of this size is not a `.nn` file" } : {};
    return { ok: false, diagnostic: diagnostic(code, `cannot read \`${path}\`: ${reason}`, fileSpan(path), help) };
  }
  return decodeSource(path, bytes);
}

/**
 * A source's bytes as text: UTF-8 (a BOM is dropped); invalid UTF-8 still gives the text (bad bytes
 * as U+FFFD, which the lexer reports with spans) and an E0602 error at the first bad byte.
 */
export function decodeSource(path: string, bytes: Uint8Array): ReadResult {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), diagnostics: [] };
  } catch {
    const at = firstBadByte(bytes);
    const text = new TextDecoder("utf-8").decode(bytes);
    const offset = Math.max(0, text.indexOf("\uFFFD"));
    const span = new SourceFile(path, text).span(offset, offset + 1);
    return {
      ok: true,
      text,
      diagnostics: [
        diagnostic("E0602", `\`${path}\` is not valid UTF-8 (first bad byte at offset ${at})`, span, {
          label: "this byte is not UTF-8",
          help: "pass a `.nn` source file saved as UTF-8",
        }),
      ],
    };
  }
}
