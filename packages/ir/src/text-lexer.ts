/**
 * Line lexer of the IR text form. A line is code, optionally followed by a `#` comment (a `#` inside
 * a quoted string does not start one). Columns are 1-based, as in the parser's errors.
 */

export type TokenKind = "id" | "number" | "string" | "punct";

export interface Token {
  readonly kind: TokenKind;
  /** The id or punctuation text, the number's source text, or a string's decoded value. */
  readonly text: string;
  readonly column: number;
}

export class TextError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const ID_CHAR = /[A-Za-z0-9_.%]/;
const PUNCT = "(){}[],:=+-*";
const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;

/** End index (exclusive) of the JSON string literal starting at `start` (a `"`). */
export function stringEnd(text: string, start: number, line: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === '"') return i + 1;
  }
  throw new TextError("unterminated string", line, start + 1);
}

export function decodeString(literal: string, line: number, column: number): string {
  try {
    const v: unknown = JSON.parse(literal);
    if (typeof v === "string") return v;
  } catch {
    // reported below
  }
  throw new TextError(`malformed string ${literal}`, line, column);
}

/** Splits a line into its code and its comment (the text after `#`, or undefined). */
export function splitComment(text: string, line: number): { code: string; comment?: string; commentColumn: number } {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') i = stringEnd(text, i, line) - 1;
    else if (text[i] === "#") return { code: text.slice(0, i), comment: text.slice(i + 1), commentColumn: i + 2 };
  }
  return { code: text, commentColumn: text.length + 1 };
}

export function lexLine(code: string, line: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === " " || c === "\t") {
      i++;
    } else if (c === '"') {
      const end = stringEnd(code, i, line);
      out.push({ kind: "string", text: decodeString(code.slice(i, end), line, i + 1), column: i + 1 });
      i = end;
    } else if (c >= "0" && c <= "9") {
      const m = NUMBER.exec(code.slice(i));
      const text = m?.[0] ?? c;
      out.push({ kind: "number", text, column: i + 1 });
      i += text.length;
      if (i < code.length && ID_CHAR.test(code[i]!)) throw new TextError(`malformed number '${text}${code[i]!}'`, line, i + 1);
    } else if (ID_CHAR.test(c)) {
      let j = i;
      while (j < code.length && ID_CHAR.test(code[j]!)) j++;
      out.push({ kind: "id", text: code.slice(i, j), column: i + 1 });
      i = j;
    } else if (PUNCT.includes(c)) {
      out.push({ kind: "punct", text: c, column: i + 1 });
      i++;
    } else {
      throw new TextError(`unexpected character '${c}'`, line, i + 1);
    }
  }
  return out;
}
