import { InternalCompilerError, renderDiagnosticWithoutSource, diagnostic, type Span } from "@nnc/diagnostics";
import { fileSpan } from "./read-source.ts";

export interface InternalErrorReport {
  readonly error: unknown;
  /** The file being compiled when it happened, if any. */
  readonly file: string | undefined;
  readonly argv: readonly string[];
  /** NNC_DEBUG=1: append the stack trace. */
  readonly debug: boolean;
  readonly color: boolean;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n")[0]?.trim() ?? "";
  return line === "" ? (error instanceof Error ? error.name : "unknown error") : line;
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The E0900 report for an exception that escaped a command: a compiler bug, never the user's mistake. */
export function renderInternalError(r: InternalErrorReport): string {
  const span: Span | undefined = r.error instanceof InternalCompilerError ? r.error.span : undefined;
  const where = span === undefined ? r.file : `${span.file}:${span.line}:${span.column}`;
  const rerun = `NNC_DEBUG=1 nnc ${r.argv.map(quoteArg).join(" ")}`.trimEnd();
  const notes = [`this is a bug in nnc; please report it with the input file and the output of\n\`${rerun}\``];
  if (!r.debug) notes.push("set NNC_DEBUG=1 to print the stack trace");
  const d = diagnostic("E0900", `internal compiler error: ${firstLine(r.error)}`, span ?? fileSpan(where ?? ""), { notes });
  const text = renderDiagnosticWithoutSource(d, { color: r.color });
  const [head, ...rest] = text.split("\n");
  const location = where === undefined ? [] : [`  --> ${where}`];
  const stack = r.debug && r.error instanceof Error && r.error.stack !== undefined ? [`\n${r.error.stack}`] : [];
  return [head ?? "", ...location, ...rest].join("\n") + (stack.length > 0 ? stack.join("") + "\n" : "");
}
