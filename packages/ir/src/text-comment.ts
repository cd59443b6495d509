/**
 * A node's trailing comment in the IR text form: `[span] [@group[index/count]] [← rule of id]`, each
 * part optional, in that order (see printer.ts). Spans carry lines and columns; their offsets are
 * recomputed from `sources` when the file is given there, and are 0 otherwise.
 */
import type { SourceFile, Span } from "@nnc/diagnostics";
import type { Origin, Step } from "./graph.ts";
import { decodeString, stringEnd, TextError } from "./text-lexer.ts";

const SPAN = /^:(\d+):(\d+)(?:-(?:(\d+):)?(\d+))?$/;
const BARE_SPAN = /^(\S+?):(\d+):(\d+)(?:-(?:(\d+):)?(\d+))?$/;

function offsetOf(file: SourceFile | undefined, line: number, column: number): number {
  if (file === undefined) return 0;
  return (file.lineStarts[line - 1] ?? file.text.length) + column - 1;
}

function parseSpan(text: string, line: number, column: number, sources: readonly SourceFile[]): Span {
  let file: string;
  let m: RegExpExecArray | null;
  if (text.startsWith('"')) {
    const end = stringEnd(text, 0, line);
    file = decodeString(text.slice(0, end), line, column);
    m = SPAN.exec(text.slice(end));
  } else {
    m = BARE_SPAN.exec(text);
    file = m?.[1] ?? "";
    m = m === null ? null : SPAN.exec(text.slice(file.length));
  }
  if (m === null) throw new TextError(`expected a span 'file:line:column', found '${text}'`, line, column);
  const [l, col] = [Number(m[1]), Number(m[2])];
  const endLine = m[3] === undefined ? l : Number(m[3]);
  const endColumn = m[4] === undefined ? col : Number(m[4]);
  const src = sources.find((s) => s.name === file);
  return { file, start: offsetOf(src, l, col), end: offsetOf(src, endLine, endColumn), line: l, column: col, endLine, endColumn };
}

/** One whitespace-delimited word of a comment, or a quoted one. */
function commentWord(text: string, line: number, column: number): [string, string] {
  if (text.startsWith('"')) {
    const end = stringEnd(text, 0, line);
    return [decodeString(text.slice(0, end), line, column), text.slice(end).trimStart()];
  }
  const m = /^(\S+)\s*(.*)$/.exec(text);
  if (m === null) throw new TextError("expected a word", line, column);
  return [m[1]!, m[2]!];
}

function parseOrigin(text: string, line: number, column: number): Origin {
  const [rule, rest] = commentWord(text, line, column);
  const [of, rest2] = commentWord(rest, line, column);
  if (of !== "of") throw new TextError(`expected 'of' in origin '← ${text}'`, line, column);
  const [forward, tail] = commentWord(rest2, line, column);
  if (tail !== "") throw new TextError(`unexpected '${tail}' after origin`, line, column);
  return { rule, forward };
}

const STEP_TAIL = /^\[(\d+)\/(\d+)\](.*)$/;

/** `@group[index/count] rest` → the step and the rest; the group is a bare or quoted id. */
function parseStep(text: string, line: number, column: number): [Step, string] {
  let group: string;
  let tail: string;
  if (text.startsWith('@"')) {
    const end = stringEnd(text, 1, line);
    group = decodeString(text.slice(1, end), line, column);
    tail = text.slice(end);
  } else {
    const m = /^@([^\s[]+)(.*)$/.exec(text);
    if (m === null) throw new TextError(`expected a step '@group[index/count]', found '${text}'`, line, column);
    [group, tail] = [m[1]!, m[2]!];
  }
  const m = STEP_TAIL.exec(tail);
  if (m === null) throw new TextError(`expected '[index/count]' after the step's group in '${text}'`, line, column);
  return [{ group, index: Number(m[1]), count: Number(m[2]) }, m[3]!.trim()];
}

export function parseComment(comment: string, line: number, column: number, sources: readonly SourceFile[]): { span?: Span; step?: Step; origin?: Origin } {
  let rest = comment.trim();
  const out: { span?: Span; step?: Step; origin?: Origin } = {};
  if (rest !== "" && !rest.startsWith("←") && !rest.startsWith("@")) {
    const fileEnd = rest.startsWith('"') ? stringEnd(rest, 0, line) : 0;
    const ws = rest.slice(fileEnd).search(/\s/);
    const spanEnd = ws < 0 ? rest.length : fileEnd + ws;
    out.span = parseSpan(rest.slice(0, spanEnd), line, column, sources);
    rest = rest.slice(spanEnd).trim();
  }
  if (rest.startsWith("@")) [out.step, rest] = parseStep(rest, line, column);
  if (rest !== "") {
    if (!rest.startsWith("←")) throw new TextError(`expected '← rule of id' in comment, found '${rest}'`, line, column);
    out.origin = parseOrigin(rest.slice(1).trim(), line, column);
  }
  return out;
}
