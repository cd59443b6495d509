/**
 * Alignment of `=` and of types, a function of the lines' tokens only (never of the input's columns).
 * A run is a maximal sequence of consecutive single-line statements of one kind at the body level, with
 * no empty line or comment line between them. Kinds: `param`, `buffer`, a train section's `input`, a
 * train section's `key = value`, `next name = …`, `(a, b) = …`, and `name = …`. In a `param` / `buffer`
 * / `input` run the types after `:` start in one column; in every run the statement `=` of the lines
 * that have one stands in one column, one space after the longest left side.
 */
import { tokenMatcher } from "chevrotain";
import { BufferWord, Colon, Equals, Input, LBracket, LCurly, LParen, NextWord, Param, RBracket, RCurly, RParen } from "../tokens.ts";
import type { Line } from "./lines.ts";

export const INDENT = 2;

/** Column where the piece at `index` starts. */
export function columnOf(line: Line, index: number): number {
  let col = line.level * INDENT;
  for (let i = 0; i <= index; i++) col += line.pieces[i]!.space + (i < index ? line.pieces[i]!.token.image.length : 0);
  return col;
}

export function codeEnd(line: Line): number {
  const n = line.pieces.length;
  return n === 0 ? line.level * INDENT : columnOf(line, n - 1) + line.pieces[n - 1]!.token.image.length;
}

/** Index of the first token of `type` outside every bracket of the line, or -1. */
function topLevel(line: Line, type: typeof Equals): number {
  let depth = 0;
  for (let i = 0; i < line.pieces.length; i++) {
    const t = line.pieces[i]!.token;
    if ([LParen, LBracket, LCurly].some((o) => tokenMatcher(t, o))) depth++;
    else if ([RParen, RBracket, RCurly].some((c) => tokenMatcher(t, c))) depth--;
    else if (depth === 0 && tokenMatcher(t, type)) return i;
  }
  return -1;
}

type Kind = "param" | "buffer" | "input" | "key" | "next" | "tuple" | "assign" | undefined;

/** Kinds whose lines align their types after the `:`. */
const TYPED: readonly Kind[] = ["param", "buffer", "input"];

function kindOf(line: Line): Kind {
  if (line.pieces.length === 0 || !line.whole || line.level !== 1) return undefined;
  const first = line.pieces[0]!.token;
  if (tokenMatcher(first, Param)) return "param";
  if (tokenMatcher(first, BufferWord)) return "buffer";
  if (tokenMatcher(first, Input)) return "input";
  if (topLevel(line, Equals) <= 0) return undefined;
  if (line.itemWord === "train") return "key";
  if (tokenMatcher(first, NextWord)) return "next";
  return tokenMatcher(first, LParen) ? "tuple" : "assign";
}

/** Moves the piece at `index` of each entry right so that they all start at one column, the least that keeps one space before each. */
function alignAt(entries: readonly { line: Line; index: number }[]): void {
  if (entries.length < 2) return;
  const starts = entries.map(({ line, index }) => columnOf(line, index) - line.pieces[index]!.space + 1);
  const target = Math.max(...starts);
  entries.forEach((e, i) => (e.line.pieces[e.index]!.space = 1 + target - starts[i]!));
}

function alignRun(run: readonly Line[], kind: Kind): void {
  // Types first: moving them moves the `=` after them.
  if (TYPED.includes(kind)) {
    alignAt(run.map((line) => ({ line, index: topLevel(line, Colon) + 1 })).filter((e) => e.index > 0 && e.index < e.line.pieces.length));
  }
  alignAt(run.map((line) => ({ line, index: topLevel(line, Equals) })).filter((e) => e.index > 0));
}

/** Aligns `lines` in place, run by run. */
export function align(lines: readonly Line[]): void {
  let run: Line[] = [];
  let runKind: Kind;
  for (const line of lines) {
    const kind = kindOf(line);
    if (kind !== runKind || line.blankBefore || kind === undefined) {
      alignRun(run, runKind);
      run = [];
    }
    runKind = kind;
    if (kind !== undefined) run.push(line);
  }
  alignRun(run, runKind);
}
