import type { SourceFile } from "@nnc/diagnostics";
import { diagnostic, type Diagnostic } from "@nnc/diagnostics";
import { DataError } from "@nnc/runtime";
import type { CliContext } from "./command-module.ts";
import { fileSpan } from "./read-source.ts";
import { reportDiagnostics, runtimeCode } from "./report.ts";

/** A user-fixable runtime problem as a diagnostic: at its `.nn` line when known, else at the data file. */
export function dataErrorDiagnostic(e: DataError, source: SourceFile | undefined): Diagnostic {
  const init = e.help === undefined ? {} : { help: e.help };
  if (e.sourceLine !== undefined && source !== undefined) {
    const start = source.lineStarts[e.sourceLine - 1] ?? 0;
    const end = source.lineStarts[e.sourceLine] ?? source.text.length;
    const text = source.text.slice(start, end).replace(/\s+$/, "");
    const indent = text.length - text.trimStart().length;
    return diagnostic(runtimeCode(e.code), e.message, source.span(start + indent, start + text.length), { ...init, label: "the first non-finite value is computed here" });
  }
  return diagnostic(runtimeCode(e.code), e.message, fileSpan(e.file ?? source?.name ?? "<data>"), init);
}

/** Diagnostics of FILE with a summary line on stderr, or with --json as one JSON line on stdout. */
export function printDiagnostics(ctx: CliContext, file: string, ds: readonly Diagnostic[], source: SourceFile | undefined, action: string): void {
  reportDiagnostics(ctx, file, ds, new Map(source === undefined ? [] : [[file, source]]), action);
}

/**
 * Runs one file step of a command (checking or writing an output, reading a checkpoint). A DataError
 * — the contract of checkWriteTarget/atomicWrite/loadCheckpoint for what the user can fix (E0642
 * cannot write, E0656 special file, E0657 an input) — is printed as a diagnostic of FILE under
 * ACTION ("could not graph `m.nn`") and gives false; anything else is a bug and is rethrown.
 */
export function fileStep(ctx: CliContext, file: string, action: string, step: () => unknown): boolean {
  try {
    step();
    return true;
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    printDiagnostics(ctx, file, [dataErrorDiagnostic(e, undefined)], undefined, action);
    return false;
  }
}
