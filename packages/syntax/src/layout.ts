/** Line layout of tokens, for the heuristics that find where a broken statement ends. */
import { EOF, tokenMatcher } from "chevrotain";
import type { IToken } from "chevrotain";
import type { SourceFile } from "@nnc/diagnostics";
import { BinaryOperator, Colon, Comma, Equals, LBracket, LParen } from "./tokens.ts";

/** `tok` is the first token of its line (`prev` is the token before it, or EOF at the start). */
export function startsLine(source: SourceFile, tok: IToken, prev: IToken): boolean {
  if (prev.tokenType === EOF) return true;
  return source.lineOf(tok.startOffset) > source.lineOf(prev.endOffset ?? prev.startOffset);
}

/** After `prev` an expression or argument list must go on, so a line break there ends nothing. */
export function canContinue(prev: IToken): boolean {
  const t = prev.tokenType;
  return t === Comma || t === LParen || t === LBracket || t === Equals || t === Colon || tokenMatcher(prev, BinaryOperator);
}
