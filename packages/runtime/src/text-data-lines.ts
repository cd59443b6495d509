/**
 * The lines of a text data file: UTF-8 (a leading BOM ignored), split at "\n" with a trailing "\r"
 * stripped, blank lines skipped. Each kept line is its characters as code points (not UTF-16 units)
 * and its 1-based line number. Invalid UTF-8 (E0635) and characters a terminal would act on (E0636:
 * controls, line separators, bidi controls — `nnc sample` echoes what it learnt) are refused with the
 * line and position; a file without a non-blank line is E0634.
 */
import { DataError } from "./data-error.ts";
import { isUnsafeChar } from "./text-vocab.ts";

/** One example: its characters (one string per code point) and where it is in the file. */
export interface TextLine {
  readonly chars: readonly string[];
  readonly line: number;
}

/** The index of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), or −1. */
export function invalidUtf8At(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // Lead bytes C2–DF, E0–EF, F0–F4 start 2, 3, 4-byte sequences; C0, C1, F5–FF never occur.
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    const min = n === 1 ? 0x80 : n === 2 ? 0x800 : 0x10000;
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = Math.max(0, invalidUtf8At(bytes));
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const hex = bytes[at]?.toString(16).toUpperCase().padStart(2, "0") ?? "end";
    throw new DataError("E0635", `\`${path}\` line ${line}: invalid UTF-8 at byte ${at - lineStart + 1} of the line (byte offset ${at} of the file, 0x${hex})`, {
      file: path,
      where: `line ${line}`,
      help: "text data must be UTF-8; convert the file (e.g. `iconv -f latin1 -t utf-8 in.txt > out.txt`)",
    });
  }
}

function unsafeName(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code === 0x09) return `a tab (${hex})`;
  if (code === 0x2028 || code === 0x2029) return `a line or paragraph separator (${hex})`;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (${hex})`;
  return `a bidirectional-text control (${hex})`;
}

/**
 * The non-blank lines of `bytes` (the file `path`, named in messages). `source` names the data in the
 * empty-file message (`chars("names.txt")`).
 */
export function textLines(bytes: Uint8Array, path: string, source: string): TextLine[] {
  const text = decodeUtf8(bytes, path);
  const out: TextLine[] = [];
  const raw = text.split("\n");
  for (const [i, l] of raw.entries()) {
    const line = l.endsWith("\r") ? l.slice(0, -1) : l;
    if (line.trim() === "") continue;
    const chars = Array.from(line);
    for (const [col, c] of chars.entries()) {
      const code = c.codePointAt(0)!;
      if (!isUnsafeChar(code)) continue;
      // A CR left after splitting at \n (CRLF's CR is stripped) most likely ends lines by itself: old Mac files.
      const cr = code === 0x0d;
      throw new DataError("E0636", `\`${path}\` line ${i + 1}, column ${col + 1}: the line holds ${unsafeName(code)}${cr ? "; the file may use old Mac line endings (a CR alone ends each line)" : ""}`, {
        file: path,
        where: `line ${i + 1}`,
        help: cr
          ? "end lines with LF or CRLF: convert a file of CR line endings, e.g. `tr '\\r' '\\n' < old.txt > new.txt`"
          : "one example per line of printable text: remove control characters, tabs, line separators and bidi controls (a model that learnt them would print them)",
      });
    }
    out.push({ chars, line: i + 1 });
  }
  if (out.length === 0) {
    throw new DataError("E0634", `\`${path}\` line 1: the text data ${source} has no non-blank line${bytes.length === 0 ? " (the file is empty)" : ""}`, {
      file: path,
      where: "line 1",
      help: "give one example per line, e.g. a name per line",
    });
  }
  return out;
}
