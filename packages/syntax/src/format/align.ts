/**
 * Alignment. Canonical runs: consecutive `param` (or `buffer`, or `input`) lines align their types;
 * consecutive `key = value` lines of a train section align their `=`. Kept alignment: in a model or
 * block body the `=` of params, buffers and assignments is aligned where the author aligned it (lines
 * of one declaration whose `=` shared a column in the input keep it, moved right only as far as their
 * code needs), and one space before it elsewhere.
 */
import { tokenMatcher } from "chevrotain";
import { BufferWord, Colon, Equals, Input, LBracket, LCurly, LParen, Param, RBracket, RCurly, RParen } from "../tokens.ts";
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
function topLevel(line: Line, type: typeof Equals, from = 0): number {
  let depth = 0;
  for (let i = 0; i < line.pieces.length; i++) {
    const t = line.pieces[i]!.token;
    if ([LParen, LBracket, LCurly].some((o) => tokenMatcher(t, o))) depth++;
    else if ([RParen, RBracket, RCurly].some((c) => tokenMatcher(t, c))) depth--;
    else if (depth === 0 && i >= from && tokenMatcher(t, type)) return i;
  }
  return -1;
}

type Kind = "param" | "buffer" | "input" | "key" | "assign" | undefined;

function kindOf(line: Line): Kind {
  if (!line.whole || line.level !== 1) return undefined;
  const first = line.pieces[0]!.token;
  if (tokenMatcher(first, Param)) return "param";
  if (tokenMatcher(first, BufferWord)) return "buffer";
  if (tokenMatcher(first, Input)) return "input";
  if (topLevel(line, Equals) <= 0) return undefined;
  return line.itemWord === "train" ? "key" : "assign";
}

/** Moves the piece at `index` of each entry right so that they all start at one column, `least` or further. */
function alignAt(entries: readonly { line: Line; index: number }[], least = 0): void {
  const entriesWithMin = entries.map(({ line, index }) => ({ line, index, min: columnOf(line, index) - line.pieces[index]!.space + 1 }));
  const target = Math.max(least, ...entriesWithMin.map((e) => e.min));
  for (const e of entriesWithMin) e.line.pieces[e.index]!.space = 1 + target - e.min;
}

function alignRun(run: readonly Line[], kind: Kind): void {
  if (kind === "key") {
    alignAt(run.map((line) => ({ line, index: topLevel(line, Equals) })));
    return;
  }
  const typed = run.map((line) => ({ line, index: topLevel(line, Colon) + 1 })).filter((e) => e.index > 0 && e.index < e.line.pieces.length);
  alignAt(typed);
}

/** Aligns `lines` in place; `equalsColumns[i]`: where line i's `statementEquals` stood after its code's start in the input (or -1). */
export function align(lines: readonly Line[], equalsColumns: readonly number[]): void {
  let run: Line[] = [];
  let runKind: Kind;
  const finish = (): void => {
    if (run.length > 1) alignRun(run, runKind);
    run = [];
  };
  const kept = new Map<string, { line: Line; index: number }[]>();
  lines.forEach((line, i) => {
    const kind = line.pieces.length === 0 ? undefined : kindOf(line);
    if (kind !== runKind || line.blankBefore || kind === undefined || kind === "assign") finish();
    runKind = kind;
    if (kind !== undefined && kind !== "assign") run.push(line);
    const equals = statementEquals(line);
    if (equals > 0) {
      const key = `${line.item}:${equalsColumns[i]}`;
      const group = kept.get(key) ?? [];
      group.push({ line, index: equals });
      kept.set(key, group);
    }
  });
  finish();
  for (const [key, group] of kept) if (group.length > 1) alignAt(group, group[0]!.line.level * INDENT + Number(key.split(":")[1]));
}

/** The statement `=` of the line, for recording its input column; -1 when the line has none. */
export function statementEquals(line: Line): number {
  const kind = kindOf(line);
  return kind === "assign" || kind === "param" || kind === "buffer" ? topLevel(line, Equals) : -1;
}
