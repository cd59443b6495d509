import type { Diagnostic, Severity } from "@nnc/diagnostics";

/** A diagnostic as `nnc check --json` prints it: 1-based lines and columns, end exclusive. */
export interface DiagnosticJson {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function diagnosticJson(d: Diagnostic): DiagnosticJson {
  const s = d.span;
  return { code: d.code, severity: d.severity, message: d.message, file: s.file, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}

/**
 * How a command run with `--json` reports problems: one line `{"diagnostics": [...]}` on stdout, each
 * in the shape above (as `nnc check --json` prints them), so a reader of stdout sees them in order
 * with the command's other JSON lines.
 */
export function diagnosticsLine(ds: readonly Diagnostic[]): string {
  return JSON.stringify({ diagnostics: ds.map(diagnosticJson) }) + "\n";
}
