/**
 * Tokens and comments → the formatter's lines. Line breaks stay where the author put them (the `.nn`
 * grammar ends a statement at a line break, so moving one could change the program); what a line holds
 * is rebuilt from its tokens, its comment and its nesting level.
 */
import type { IToken } from "chevrotain";
import { tokenMatcher } from "chevrotain";
import { LCurly, LParen, LBracket, RCurly, RParen, RBracket } from "../tokens.ts";
import { spaceBefore, type Bracket } from "./spacing.ts";

export interface Piece {
  readonly token: IToken;
  /** Spaces before the piece on its line (0 for the first); alignment may widen it. */
  space: number;
}

export interface Line {
  readonly pieces: Piece[];
  /** Comment text from `#`, trailing whitespace removed; on a code line it trails the code. */
  readonly comment: string | undefined;
  /** The comment's column in the input (0-based): a comment line in the column of the trailing comment above continues it. */
  readonly commentColumn: number;
  /** Nesting level: the indentation is two spaces per level. */
  readonly level: number;
  /** At least one empty line separated this line from the previous one in the input. */
  readonly blankBefore: boolean;
  /** The first word of the top-level item (declaration) the line belongs to. */
  readonly itemWord: string;
  /** The line starts and ends outside any `(` / `[` and its brackets balance: a whole statement. */
  readonly whole: boolean;
}

interface RawLine {
  tokens: IToken[];
  comment: string | undefined;
  commentColumn: number;
  newlinesBefore: number;
}

/** Splits the text into raw lines: the tokens on each, and the comment that ends it, if any. */
function rawLines(text: string, tokens: readonly IToken[]): RawLine[] {
  const lines: RawLine[] = [];
  let current: RawLine = { tokens: [], comment: undefined, commentColumn: 0, newlinesBefore: 0 };
  let pendingNewlines = 0;
  const flush = (): void => {
    if (current.tokens.length > 0 || current.comment !== undefined) lines.push(current);
    current = { tokens: [], comment: undefined, commentColumn: 0, newlinesBefore: 0 };
  };
  // Between two tokens the lexer accepted only whitespace and comments (`#` to the end of the line).
  const gap = (from: number, to: number): void => {
    let i = from;
    while (i < to) {
      const c = text[i]!;
      if (c === "\n") {
        flush();
        pendingNewlines++;
        i++;
      } else if (c === "#") {
        const end = text.indexOf("\n", i);
        const stop = end === -1 || end > to ? to : end;
        if (current.tokens.length === 0) current.newlinesBefore = pendingNewlines;
        current.comment = text.slice(i, stop).trimEnd();
        current.commentColumn = i - (text.lastIndexOf("\n", i - 1) + 1);
        pendingNewlines = 0;
        i = stop;
      } else i++;
    }
  };
  let offset = 0;
  for (const token of tokens) {
    gap(offset, token.startOffset);
    if (current.tokens.length === 0) current.newlinesBefore = pendingNewlines;
    pendingNewlines = 0;
    current.tokens.push(token);
    offset = token.endOffset! + 1;
  }
  gap(offset, text.length);
  flush();
  return lines;
}

const OPENERS = new Map<unknown, Bracket>([[LCurly, "{"], [LParen, "("], [LBracket, "["]]);
const CLOSERS = [RCurly, RParen, RBracket];

interface Open {
  readonly bracket: Bracket;
  /** The level of the lines inside this bracket. */
  readonly inner: number;
}

export function buildLines(text: string, tokens: readonly IToken[]): Line[] {
  const stack: Open[] = [];
  const out: Line[] = [];
  let itemWord = "";
  let prev: IToken | undefined;
  let beforePrev: IToken | undefined;
  for (const raw of rawLines(text, tokens)) {
    const first = raw.tokens[0];
    let leadingClosers = 0;
    while (leadingClosers < raw.tokens.length && CLOSERS.some((t) => tokenMatcher(raw.tokens[leadingClosers]!, t))) leadingClosers++;
    const levelStack = stack.slice(0, Math.max(0, stack.length - leadingClosers));
    const level = levelStack.length === 0 ? 0 : levelStack[levelStack.length - 1]!.inner;
    if (first !== undefined && stack.length === 0) itemWord = first.image;
    const startsInside = stack.some((o) => o.bracket !== "{");
    const depthAtStart = stack.length;
    let minDepth = depthAtStart;
    const pieces: Piece[] = [];
    for (const token of raw.tokens) {
      const inner = stack.length === 0 ? undefined : stack[stack.length - 1]!.bracket;
      const space = pieces.length === 0 ? 0 : spaceBefore(beforePrev, prev, token, inner);
      pieces.push({ token, space });
      const opener = OPENERS.get(token.tokenType);
      if (opener !== undefined) stack.push({ bracket: opener, inner: level + 1 });
      else if (CLOSERS.some((t) => tokenMatcher(token, t))) stack.pop();
      minDepth = Math.min(minDepth, stack.length);
      beforePrev = prev;
      prev = token;
    }
    const endsInside = stack.some((o) => o.bracket !== "{");
    const whole = !startsInside && !endsInside && minDepth >= depthAtStart - leadingClosers;
    out.push({
      pieces,
      comment: raw.comment,
      commentColumn: raw.commentColumn,
      level,
      blankBefore: raw.newlinesBefore >= 2 && out.length > 0,
      itemWord,
      whole: whole && first !== undefined,
    });
  }
  return out;
}
