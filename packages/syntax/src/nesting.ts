/**
 * The parser recurses once per bracket level, so brackets are counted before it runs: a region that
 * opens more than MAX_NESTING levels is reported once and replaced by a single `TooDeep` token.
 * Measured on Node 20 with the default stack, chevrotain overflows at about 390 nested calls
 * (`f(f(f(…)))`) and about 136 with a 500 KB stack; 100 leaves room for the caller's own frames.
 */
import { createTokenInstance } from "chevrotain";
import type { IToken, TokenType } from "chevrotain";
import { diagnostic } from "@nnc/diagnostics";
import type { Diagnostic, SourceFile } from "@nnc/diagnostics";
import { LParen, RParen, LBracket, RBracket, TooDeep, DECL_KEYWORDS } from "./tokens.ts";

export const MAX_NESTING = 100;

/** Braces are not counted: bodies do not nest, so `{` never makes the parser recurse. */
const OPENERS: ReadonlySet<TokenType> = new Set([LParen, LBracket]);
const CLOSERS: ReadonlySet<TokenType> = new Set([RParen, RBracket]);
const DECLS: ReadonlySet<TokenType> = new Set(DECL_KEYWORDS);

export function limitNesting(tokens: readonly IToken[], source: SourceFile, out: Diagnostic[]): IToken[] {
  const kept: IToken[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (OPENERS.has(tok.tokenType)) depth++;
    else if (CLOSERS.has(tok.tokenType)) depth = Math.max(0, depth - 1);
    if (depth <= MAX_NESTING) {
      kept.push(tok);
      continue;
    }
    // The region ends at the bracket that closes `tok`, or before the next declaration keyword
    // (which cannot occur inside brackets) when it is never closed.
    let level = 1;
    let j = i + 1;
    for (; j < tokens.length && level > 0; j++) {
      const t = tokens[j]!.tokenType;
      if (DECLS.has(t)) break;
      if (OPENERS.has(t)) level++;
      else if (CLOSERS.has(t)) level--;
    }
    const last = tokens[j - 1]!;
    const end = last.endOffset! + 1;
    out.push(
      diagnostic("E0023", `brackets nested more than ${MAX_NESTING} levels deep`, source.span(tok.startOffset, tok.endOffset! + 1), {
        label: `this \`${tok.image}\` opens level ${MAX_NESTING + 1}`,
        help: "split the expression into several named bindings",
      }),
    );
    kept.push(createTokenInstance(TooDeep, source.text.slice(tok.startOffset, end), tok.startOffset, end - 1, NaN, NaN, NaN, NaN));
    depth--;
    i = j - 1;
  }
  return kept;
}
