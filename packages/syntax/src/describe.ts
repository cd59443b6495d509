/** How tokens and stray characters are named in messages. */
import { EOF, tokenMatcher } from "chevrotain";
import type { IToken } from "chevrotain";
import { Keyword, StringLit } from "./tokens.ts";

const MAX_SHOWN = 24;

/** `text` in backticks; control and invisible characters as `\u{…}`, long text cut with `…`. */
export function showText(text: string): string {
  const chars = Array.from(text);
  const cut = chars.length > MAX_SHOWN ? chars.slice(0, MAX_SHOWN) : chars;
  const shown = cut.map((c) => (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) || c === " " ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`)).join("");
  return "`" + shown + (cut.length < chars.length ? "…" : "") + "`";
}

export function describeToken(tok: IToken): string {
  if (tok.tokenType === EOF) return "end of file";
  if (tokenMatcher(tok, Keyword)) return `keyword \`${tok.image}\``;
  if (tokenMatcher(tok, StringLit)) return "a string";
  return showText(tok.image);
}

const CHAR_HELP: Readonly<Record<string, string>> = {
  "\u2212": "this is a Unicode minus sign; use `-`",
  "\u00d7": "use `*` to multiply",
  "\u00b7": "use `*` to multiply or `@` for a matrix product",
  "\u201c": "use straight double quotes `\"` for strings",
  "\u201d": "use straight double quotes `\"` for strings",
  "'": "strings are written with double quotes: `\"...\"`",
  "\u00a0": "this is a non-breaking space; replace it with an ordinary space",
  ";": "statements need no separator; remove the `;`",
  "|": "the pipe operator is written `|>`",
  "!": "`!=` means not equal; there is no `!` operator",
  "%": "there is no `%` operator",
  "&": "there are no boolean operators; use `where(cond, a, b)`",
};

export function characterHelp(image: string): string | undefined {
  const first = Array.from(image)[0];
  return first === undefined ? undefined : CHAR_HELP[first];
}
