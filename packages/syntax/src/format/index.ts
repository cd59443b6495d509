/**
 * `formatSource`: the one canonical layout of a `.nn` file (docs/formatting.md). Browser-safe.
 * Invariants: the output parses to the same program (line breaks are kept, only spaces within a line
 * and empty lines change), every comment is kept on its line, and formatting the output changes nothing.
 */
import { hasErrors, SourceFile } from "@nnc/diagnostics";
import type { Diagnostic } from "@nnc/diagnostics";
import { lex } from "../lex.ts";
import { parse } from "../parse.ts";
import { align, codeEnd, INDENT } from "./align.ts";
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
  align(lines);
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
 * Output column of each line's comment. A run of consecutive lines that end in a comment puts the
 * comments in one column, COMMENT_GAP spaces after the longest code of the run. A comment line right
 * under one of the run, whose `#` stood in the same input column as the comment above it, continues
 * that comment: it joins the run. Any other line ends the run; a comment line is indented like code.
 */
function placeComments(lines: readonly Line[]): number[] {
  const columns = lines.map((line) => line.level * INDENT);
  let run: number[] = [];
  const finish = (): void => {
    const target = Math.max(...run.map((i) => (lines[i]!.pieces.length === 0 ? 0 : codeEnd(lines[i]!) + COMMENT_GAP)));
    for (const i of run) columns[i] = target;
    run = [];
  };
  lines.forEach((line, i) => {
    const above = lines[i - 1];
    const trailing = line.comment !== undefined && line.pieces.length > 0;
    const continuing =
      line.comment !== undefined &&
      line.pieces.length === 0 &&
      !line.blankBefore &&
      run.length > 0 &&
      run[run.length - 1] === i - 1 &&
      above !== undefined &&
      line.commentColumn === above.commentColumn &&
      line.commentColumn > line.level * INDENT;
    if (!continuing && (!trailing || line.blankBefore)) finish();
    if (trailing || continuing) run.push(i);
  });
  finish();
  return columns;
}
