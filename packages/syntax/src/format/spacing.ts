/**
 * Canonical spacing between two tokens on one line: one space around binary operators, `=`, `->` and
 * after `,`; none inside brackets, before a call's `(` or an index's `[`, around `.` and after a unary
 * `-`; `x: T` for a type annotation but `a[1:-1]` in a slice.
 */
import type { IToken } from "chevrotain";
import { tokenMatcher } from "chevrotain";
import { Colon, Comma, Dot, Ident, LBracket, LCurly, LParen, Minus, NumberLit, RBracket, RCurly, RParen, StringLit } from "../tokens.ts";

export type Bracket = "{" | "(" | "[";

/** Tokens that end an operand: a `-` after one of these subtracts, elsewhere it negates. */
const OPERAND_ENDS = [Ident, NumberLit, StringLit, RParen, RBracket];

function is(token: IToken | undefined, ...types: Parameters<typeof tokenMatcher>[1][]): boolean {
  return token !== undefined && types.some((t) => tokenMatcher(token, t));
}

/** The `-` is a negation: nothing that ends an operand comes before it. */
export function isUnaryMinus(before: IToken | undefined, minus: IToken): boolean {
  return is(minus, Minus) && !(before !== undefined && OPERAND_ENDS.some((t) => before.tokenType === t || tokenMatcher(before, t)));
}

/**
 * Spaces (0 or 1) between `prev` and `token`; `beforePrev` precedes `prev`, `inner` is the innermost
 * bracket open before `token`.
 */
export function spaceBefore(beforePrev: IToken | undefined, prev: IToken | undefined, token: IToken, inner: Bracket | undefined): number {
  if (prev === undefined) return 0;
  if (is(token, Comma, RParen, RBracket, Colon, Dot) || is(prev, LParen, LBracket, Dot)) return 0;
  if (is(token, RCurly)) return is(prev, LCurly) ? 0 : 1;
  if (is(prev, Colon)) return inner === "[" ? 0 : 1;
  // before the bracket rule: a negated group is `-(a ^ b)` (docs/language.md), like `-x`
  if (is(prev, Minus) && isUnaryMinus(beforePrev, prev)) return 0;
  if (is(token, LParen, LBracket)) return prev.tokenType === Ident || is(prev, RParen, RBracket) ? 0 : 1;
  return 1;
}
