/**
 * `parse`: source text → AST and every syntax error. Never throws on any input: lexical problems,
 * over-deep nesting and syntax errors are all diagnostics, and the Program is always returned
 * (without the statements and declarations that failed to parse).
 */
import { diagnostic } from "@nnc/diagnostics";
import type { Diagnostic, SourceFile } from "@nnc/diagnostics";
import type { CstNode } from "chevrotain";
import type { Program } from "./ast.ts";
import { lex } from "./lex.ts";
import { limitNesting } from "./nesting.ts";
import { NnParser } from "./grammar.ts";
import { failureDiagnostic } from "./messages.ts";
import { AstBuilder } from "./to-ast.ts";

export interface ParseResult {
  readonly program: Program;
  readonly diagnostics: Diagnostic[];
}

/** Past this many, further syntax errors are summarised by one note. */
export const MAX_DIAGNOSTICS = 100;

let sharedParser: NnParser | undefined;

export function parse(source: SourceFile): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const empty: Program = { kind: "Program", file: source.name, items: [], span: source.span(0, source.text.length) };
  let program = empty;
  try {
    const lexed = lex(source);
    diagnostics.push(...lexed.diagnostics);
    const tokens = limitNesting(lexed.tokens, source, diagnostics);
    sharedParser ??= new NnParser();
    const parser = sharedParser;
    parser.begin(tokens, source);
    const cst: CstNode | undefined = parser.program();
    for (const failure of parser.failures) diagnostics.push(failureDiagnostic(failure, source));
    parser.begin([], source);
    program = new AstBuilder(source, lexed.docs, diagnostics).program(cst);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // The nesting limit keeps recursion shallow; this is the last line of defence on a small stack.
    diagnostics.push(diagnostic("E0023", "the program is nested too deeply to parse", source.span(0, 0), { label: "nesting exceeds the parser's stack" }));
  }
  return { program, diagnostics: limit(sortByPosition(diagnostics), source) };
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d, i) => ({ d, i })).sort((a, b) => a.d.span.start - b.d.span.start || a.i - b.i).map(({ d }) => d);
}

function limit(diagnostics: Diagnostic[], source: SourceFile): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
  const kept = diagnostics.slice(0, MAX_DIAGNOSTICS);
  const last = kept[kept.length - 1]!;
  kept.push(
    diagnostic("E0024", `too many syntax errors; ${diagnostics.length - MAX_DIAGNOSTICS} more not shown`, source.span(last.span.start, last.span.end), {
      severity: "note",
      label: "reporting stopped after this error",
      help: "is this really a `.nn` source file?",
    }),
  );
  return kept;
}
