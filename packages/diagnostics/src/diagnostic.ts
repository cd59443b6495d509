import type { DiagnosticCode } from "./diagnostic-code.ts";
import type { Span } from "./span.ts";

export type Severity = "error" | "warning" | "note";

/** A secondary location with a short message ("expected because of this"). */
export interface Label {
  readonly span: Span;
  readonly message: string;
}

/**
 * A problem found in a user's program. Diagnostics are values: stages return them, never throw them.
 * `code` is stable (E0201) and has a long explanation (`nnc explain E0201`).
 */
export interface Diagnostic {
  /** One of the codes in codes/*.ts: an unknown code fails to typecheck. */
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** The primary location; its label (if any) is printed under the caret. */
  readonly span: Span;
  readonly label?: string;
  readonly labels: readonly Label[];
  readonly notes: readonly string[];
  readonly help?: string;
}

export interface DiagnosticInit {
  readonly label?: string;
  readonly labels?: readonly Label[];
  readonly notes?: readonly string[];
  readonly help?: string;
  readonly severity?: Severity;
}

export function diagnostic(code: DiagnosticCode, message: string, span: Span, init: DiagnosticInit = {}): Diagnostic {
  return {
    code,
    severity: init.severity ?? "error",
    message,
    span,
    ...(init.label === undefined ? {} : { label: init.label }),
    labels: init.labels ?? [],
    notes: init.notes ?? [],
    ...(init.help === undefined ? {} : { help: init.help }),
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Either a value or the diagnostics explaining why there is none. */
export type Result<T> = { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * A compiler bug, as opposed to a mistake in the user's program. Carries the source location being
 * compiled so the report can point at it.
 */
export class InternalCompilerError extends Error {
  constructor(
    message: string,
    readonly span?: Span,
  ) {
    super(message);
    this.name = "InternalCompilerError";
  }
}
