/**
 * `formatSource`: the one canonical layout of a `.nn` file (docs/formatting.md). Browser-safe.
 * Invariants: the output parses to the same program (line breaks are kept, only spaces within a line
 * and empty lines change), every comment is kept on its line, and formatting the output changes nothing.
 */
import { hasErrors, SourceFile } from "@nnc/diagnostics";
import type { Diagnostic } from "@nnc/diagnostics";
import { lex } from "../lex.ts";
import { parse } from "../parse.ts";
import { align, codeEnd, INDENT, statementEquals } from "./align.ts";
import { buildLines, type Line } from "./lines.ts";

export type FormatResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly diagnostics: Diagnostic[]; readonly source: SourceFile };

/** The least gap between code and a trailing comment. */
const COMMENT_GAP = 2;

export function formatSource(text: string, fileName: string): FormatResult {
  const source = new SourceFile(fileName, text);
  const parsed = parse(source);
  if (hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: parsed.diagnostics, source };
  // CRLF becomes LF; a lone CR is whitespace to the lexer, not a line break, and stays so.
  const normalized = text.replace(/\r\n/g, "\n");
  const lines = buildLines(normalized, lex(new SourceFile(fileName, normalized)).tokens);
  const lineStart = (offset: number): number => normalized.lastIndexOf("\n", offset - 1) + 1;
  // Where each statement `=` stood, counted from the start of its line's code (so re-indenting keeps it).
  const equalsColumns = lines.map((line) => {
    const index = statementEquals(line);
    const token = line.pieces[index]?.token;
    return token === undefined ? -1 : token.startOffset - Math.max(lineStart(token.startOffset), line.pieces[0]!.token.startOffset);
  });
  align(lines, equalsColumns);
  const commentColumns = placeComments(lines);
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (line.blankBefore) out.push("");
    out.push(render(line, commentColumns[i]!));
  });
  const formatted = out.length === 0 ? "" : out.join("\n") + "\n";
  return { ok: true, text: formatted, changed: formatted !== text };
}

function render(line: Line, commentColumn: number): string {
  let s = " ".repeat(line.level * INDENT);
  for (const piece of line.pieces) s += " ".repeat(piece.space) + piece.token.image;
  if (line.comment !== undefined) s += " ".repeat(Math.max(0, commentColumn - s.length)) + line.comment;
  return s;
}

/**
 * Output column of each line's comment. A trailing comment keeps its input column, and trailing
 * comments that shared one keep sharing one, moved right only as far as code needs (COMMENT_GAP
 * spaces after the longest); comment lines under a trailing comment, in its column, continue it.
 */
function placeComments(lines: readonly Line[]): number[] {
  const columns = lines.map((line) => (line.pieces.length === 0 ? line.level * INDENT : codeEnd(line) + COMMENT_GAP));
  const groups = new Map<number, number[]>();
  lines.forEach((line, i) => {
    if (line.comment === undefined || line.pieces.length === 0) return;
    const group = groups.get(line.commentColumn) ?? [];
    group.push(i);
    groups.set(line.commentColumn, group);
  });
  for (const [input, members] of groups) {
    const target = Math.max(input, ...members.map((i) => columns[i]!));
    for (const i of members) columns[i] = target;
  }
  // `continues[i]`: line i is a trailing comment, or a comment line that continues one.
  const continues = lines.map((line) => line.comment !== undefined && line.pieces.length > 0);
  lines.forEach((line, i) => {
    const above = lines[i - 1];
    if (line.pieces.length > 0 || line.blankBefore || above === undefined || !continues[i - 1]) return;
    if (line.commentColumn === above.commentColumn && line.commentColumn > line.level * INDENT) {
      columns[i] = columns[i - 1]!;
      continues[i] = true;
    }
  });
  return columns;
}
