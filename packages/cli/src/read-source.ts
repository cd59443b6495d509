import { readFileSync } from "node:fs";
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

function errorCode(e: unknown): string | undefined {
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

/** Reads a `.nn` source as UTF-8; a missing or unreadable file becomes E0601; invalid UTF-8 an E0602 error at the bad byte. */
export function readSource(path: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { ok: false, diagnostic: diagnostic("E0601", `cannot read \`${path}\`: ${readErrorReason(errorCode(e))}`, fileSpan(path)) };
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), diagnostics: [] };
  } catch {
    // Invalid UTF-8 is still checked: bad bytes decode to U+FFFD, which the lexer reports with spans.
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
