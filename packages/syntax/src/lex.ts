/**
 * Source text → tokens for the parser, doc comments by the token they document, and lexical
 * diagnostics. Every character run the lexer cannot read becomes one `Invalid` token (so the parser
 * resynchronises there without reporting it again) and an E0001 (at most two per line, see LINE_REPORTS).
 */
import { createTokenInstance, tokenMatcher } from "chevrotain";
import type { IToken } from "chevrotain";
import { diagnostic } from "@nnc/diagnostics";
import type { Diagnostic, SourceFile } from "@nnc/diagnostics";
import { nnLexer, Invalid, NumberLit, Ident, OpenString, StringLit, Keyword, CONTEXTUAL_KEYWORDS, Dot, RParen, RBracket } from "./tokens.ts";
import { characterHelp, showText } from "./describe.ts";

export interface Lexed {
  readonly tokens: IToken[];
  /** Doc comment text (`##` lines joined by newlines), by the start offset of the token it precedes. */
  readonly docs: ReadonlyMap<number, string>;
  readonly diagnostics: Diagnostic[];
}

/** Stray-character runs a line reports one by one; beyond this, one E0001 counts them. */
const LINE_REPORTS = 2;

export function lex(source: SourceFile): Lexed {
  const result = nnLexer.tokenize(source.text);
  const diagnostics: Diagnostic[] = [];
  const invalid: IToken[] = [];
  // Stray characters by line. A line with up to LINE_REPORTS of them reports each (`x × 2 − 1`: two
  // different fixes); a line with more is prose pasted as code (a comment that lost its `#`), and one
  // E0001 counting the others says it. Every run still becomes an Invalid token.
  const byLine = new Map<number, { start: number; end: number }[]>();
  for (const err of result.errors) {
    const start = err.offset;
    const end = Math.min(source.text.length, start + Math.max(1, err.length));
    invalid.push(createTokenInstance(Invalid, source.text.slice(start, end), start, end - 1, NaN, NaN, NaN, NaN));
    const line = source.span(start, end).line;
    const runs = byLine.get(line) ?? [];
    runs.push({ start, end });
    byLine.set(line, runs);
  }
  for (const runs of byLine.values()) {
    const shown = runs.length <= LINE_REPORTS ? runs : runs.slice(0, 1);
    const others = runs.length - shown.length;
    for (const { start, end } of shown) {
      const image = source.text.slice(start, end);
      const help = characterHelp(image);
      const what = image.length === 1 ? "character" : "characters";
      const more = others === 0 ? "" : ` (and ${others} more on this line)`;
      diagnostics.push(
        diagnostic("E0001", `unexpected ${what} ${showText(image)}${more}`, source.span(start, end), {
          label: "not part of the `.nn` language",
          ...(help === undefined ? {} : { help }),
        }),
      );
    }
  }
  const tokens = mergeByOffset(result.tokens, invalid);
  const checked = markContextualKeywords(checkDots(checkLiterals(tokens, source, diagnostics), source, diagnostics), source);
  return { tokens: checked, docs: collectDocs(result.groups["doc"] ?? [], checked), diagnostics };
}

function mergeByOffset(a: readonly IToken[], b: readonly IToken[]): IToken[] {
  const out: IToken[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.startOffset < y.startOffset)) {
      out.push(x!);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

const GLUED_TAIL = [Dot, NumberLit, Ident, Keyword];

/** Unterminated strings, unknown escapes, and numbers glued to a name (`2x`, `1e`). */
function checkLiterals(tokens: readonly IToken[], source: SourceFile, out: Diagnostic[]): IToken[] {
  const kept: IToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    kept.push(tok);
    if (tokenMatcher(tok, StringLit)) {
      checkString(tok, source, out);
      continue;
    }
    const next = tokens[i + 1];
    if (tok.tokenType === NumberLit && next !== undefined && next.startOffset === tok.endOffset! + 1 && (tokenMatcher(next, Ident) || tokenMatcher(next, Keyword))) {
      // The rest of a glued run (`0x.W`, `1e.5`) belongs to the same malformed literal: one report.
      let last = i + 1;
      for (let t = tokens[last + 1]; t !== undefined && t.startOffset === tokens[last]!.endOffset! + 1 && GLUED_TAIL.some((type) => tokenMatcher(t!, type)); t = tokens[last + 1]) last++;
      const text = source.text.slice(tok.startOffset, tokens[last]!.endOffset! + 1);
      out.push(
        diagnostic("E0004", `malformed number ${showText(text)}`, source.span(tok.startOffset, tokens[last]!.endOffset! + 1), {
          label: "a number cannot run into a name",
          help: /^[eE]/.test(next.image)
            ? "an exponent needs digits: `1e-3`, `2.5E+4`"
            : last === i + 1 ? `to multiply, write \`${tok.image} * ${next.image}\`` : "separate the number from the name",
        }),
      );
      i = last; // the name (and what is glued to it) is part of the malformed literal, not tokens of its own
    }
  }
  return kept;
}

function checkString(tok: IToken, source: SourceFile, out: Diagnostic[]): void {
  const start = tok.startOffset;
  if (tok.tokenType === OpenString) {
    out.push(
      diagnostic("E0002", "unterminated string", source.span(start, tok.endOffset! + 1), {
        label: "this string has no closing `\"`",
        help: "close the string with `\"` on the same line; write `\\\"` for a quote inside it",
      }),
    );
  }
  const image = tok.image;
  for (let k = 1; k < image.length - 1; k++) {
    if (image[k] !== "\\") continue;
    const c = image[k + 1];
    if (c !== "\"" && c !== "\\") {
      out.push(
        diagnostic("E0003", `unknown escape ${showText("\\" + (c ?? ""))} in a string`, source.span(start + k, start + k + 2), {
          label: "only `\\\"` and `\\\\` are escapes",
          help: "write `\\\\` for a backslash",
        }),
      );
    }
    k++;
  }
}

/**
 * `5.`, `.5`, `0..9`: a number with digits on one side of a `.` only (one E0004 for the glued run of dots
 * and digits; its dots and later numbers are dropped, the first number stays as the operand). A `.`
 * between a name or number and a name or number is a path step (`h1.W`, `y.0.attn`) and is left alone.
 */
function checkDots(tokens: readonly IToken[], source: SourceFile, out: Diagnostic[]): IToken[] {
  const kept: IToken[] = [];
  const glued = (a: IToken | undefined, b: IToken | undefined): boolean => a !== undefined && b !== undefined && a.endOffset! + 1 === b.startOffset;
  const dotOrNumber = (t: IToken): boolean => t.tokenType === Dot || t.tokenType === NumberLit;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (tok.tokenType !== Dot) {
      kept.push(tok);
      continue;
    }
    const afterOperand = glued(prev, tok) && [Ident, NumberLit, RParen, RBracket].some((t) => tokenMatcher(prev!, t));
    const beforeName = glued(tok, next) && (tokenMatcher(next!, Ident) || next!.tokenType === NumberLit);
    const leading = !afterOperand && glued(tok, next) && next!.tokenType === NumberLit;
    const trailing = afterOperand && prev!.tokenType === NumberLit && !beforeName && !isSegment(tokens, i - 1);
    if (!leading && !trailing) {
      kept.push(tok);
      continue;
    }
    if (leading) kept.push(next!);
    let last = leading ? i + 1 : i;
    while (last + 1 < tokens.length && glued(tokens[last], tokens[last + 1]) && dotOrNumber(tokens[last + 1]!)) last++;
    const start = leading ? tok.startOffset : prev!.startOffset;
    const end = tokens[last]!.endOffset! + 1;
    const text = source.text.slice(start, end);
    out.push(
      diagnostic("E0004", `malformed number ${showText(text)}`, source.span(start, end), {
        label: "a number needs digits on both sides of its `.`",
        help: leading && last === i + 1 ? `write \`0${text}\`` : !leading && last === i ? `write \`${text}0\` or \`${prev!.image}\`` : "write a number such as `0.5` or `5`",
      }),
    );
    i = last;
  }
  return kept;
}

/** The number at `i` is a path segment: it directly follows a `.` that directly follows a name or number. */
function isSegment(tokens: readonly IToken[], i: number): boolean {
  const dot = tokens[i - 1];
  const before = tokens[i - 2];
  return dot !== undefined && before !== undefined && dot.tokenType === Dot && dot.endOffset! + 1 === tokens[i]!.startOffset && before.endOffset! + 1 === dot.startOffset;
}

/** `buffer` / `next` followed on the same line by a name become keywords; everywhere else they stay names. */
function markContextualKeywords(tokens: IToken[], source: SourceFile): IToken[] {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const tok = tokens[i]!;
    const next = tokens[i + 1]!;
    const type = tok.tokenType === Ident ? CONTEXTUAL_KEYWORDS.get(tok.image) : undefined;
    if (type === undefined || next.tokenType !== Ident || source.lineOf(next.startOffset) !== source.lineOf(tok.startOffset)) continue;
    tokens[i] = createTokenInstance(type, tok.image, tok.startOffset, tok.endOffset!, tok.startLine!, tok.endLine!, tok.startColumn!, tok.endColumn!);
  }
  return tokens;
}

/** `##` lines between the previous token and a token document that token. */
function collectDocs(docTokens: readonly IToken[], tokens: readonly IToken[]): Map<number, string> {
  const docs = new Map<number, string>();
  let t = 0;
  let pending: string[] = [];
  let pendingBefore = -1;
  for (const doc of docTokens) {
    while (t < tokens.length && tokens[t]!.startOffset < doc.startOffset) t++;
    if (t !== pendingBefore) pending = [];
    pendingBefore = t;
    pending.push(doc.image.slice(2).replace(/^ /, "").trimEnd());
    const next = tokens[t];
    if (next !== undefined) docs.set(next.startOffset, pending.join("\n"));
  }
  return docs;
}
