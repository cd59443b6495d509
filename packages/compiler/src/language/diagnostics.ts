/** Diagnostics for an editor: `nnc check`'s own, with labels, notes and help as related information. */
import type { Diagnostic, Span } from "@nnc/diagnostics";
import type { Analysis } from "./analysis.ts";

export interface EditorDiagnostic {
  readonly code: string;
  readonly severity: Diagnostic["severity"];
  /** The message, with the primary label after a colon when there is one (`…: declared here`). */
  readonly message: string;
  readonly span: Span;
  /** Secondary labels at their spans; notes and help at the primary span (an editor shows each as a line). */
  readonly related: readonly { readonly span: Span; readonly message: string }[];
}

export function editorDiagnostics(a: Analysis): EditorDiagnostic[] {
  return a.check.diagnostics.map((d) => {
    const inFile = (s: Span): boolean => s.file === a.fileName;
    // A label in a standard-library file (nnc:std/…) has no place in this document: it is shown at the primary span.
    const labels = d.labels.map((l) => (inFile(l.span) ? { span: l.span, message: l.message } : { span: d.span, message: `${l.message} (${l.span.file}:${l.span.line}:${l.span.column})` }));
    const notes = d.notes.map((n) => ({ span: d.span, message: `note: ${n}` }));
    const help = d.help === undefined ? [] : [{ span: d.span, message: `help: ${d.help}` }];
    return {
      code: d.code,
      severity: d.severity,
      message: d.label === undefined ? d.message : `${d.message}: ${d.label}`,
      span: d.span,
      related: [...labels, ...notes, ...help],
    };
  });
}
