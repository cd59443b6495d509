import { InternalCompilerError, renderDiagnosticWithoutSource, diagnostic, isTerminalUnsafe, terminalLines, terminalText, type Diagnostic, type Span } from "@nnc/diagnostics";
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

/**
 * An argument as a shell word to paste back: bare when plain, '…' otherwise, and bash's $'…' when it
 * holds a character unsafe on a terminal (see terminal-text.ts), each written `\xHH` or `\uHHHH` (the
 * escapes $'…' understands), so the rerun line never carries a raw control, separator or bidi character.
 */
function quoteArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (terminalText(arg) === arg) return `'${arg.replaceAll("'", `'\\''`)}'`;
  let body = "";
  for (const ch of arg) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\" || ch === "'") body += `\\${ch}`;
    else if (!isTerminalUnsafe(code)) body += ch;
    else body += code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return `$'${body}'`;
}

function internalError(r: InternalErrorReport): { d: Diagnostic; where: string | undefined } {
  const span: Span | undefined = r.error instanceof InternalCompilerError ? r.error.span : undefined;
  const where = span === undefined ? r.file : `${span.file}:${span.line}:${span.column}`;
  const rerun = `NNC_DEBUG=1 nnc ${r.argv.map(quoteArg).join(" ")}`.trimEnd();
  const notes = [`this is a bug in nnc; please report it with the input file and the output of\n\`${rerun}\``];
  if (!r.debug) notes.push("set NNC_DEBUG=1 to print the stack trace");
  return { d: diagnostic("E0900", `internal compiler error: ${firstLine(r.error)}`, span ?? fileSpan(where ?? ""), { notes }), where };
}

/** The E0900 diagnostic itself, for `--json` (file "" when no file was being compiled). */
export function internalErrorDiagnostic(r: InternalErrorReport): Diagnostic {
  return internalError(r).d;
}

/** The E0900 report for an exception that escaped a command: a compiler bug, never the user's mistake. */
export function renderInternalError(r: InternalErrorReport): string {
  const { d, where } = internalError(r);
  const text = renderDiagnosticWithoutSource(d, { color: r.color });
  const [head, ...rest] = text.split("\n");
  const location = where === undefined ? [] : [`  --> ${terminalText(where)}`];
  const stack = r.debug && r.error instanceof Error && r.error.stack !== undefined ? [`\n${terminalLines(r.error.stack)}`] : [];
  return [head ?? "", ...location, ...rest].join("\n") + (stack.length > 0 ? stack.join("") + "\n" : "");
}
