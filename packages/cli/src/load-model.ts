import { hasErrors, type SourceFile } from "@nnc/diagnostics";
import { checkSource, selectModel, type CheckResult } from "@nnc/compiler";
import type { LoweredModel } from "@nnc/lower";
import { EXIT, type CliContext } from "./command-module.ts";
import { readSource } from "./read-source.ts";
import { reportDiagnostics, reportUsage } from "./report.ts";

export type Loaded =
  | { readonly ok: true; readonly model: LoweredModel; readonly source: SourceFile; readonly check: CheckResult }
  | { readonly ok: false; readonly status: number };

export interface LoadOptions {
  readonly model?: string;
  readonly dtype?: string;
}

/**
 * Reads, checks and picks one model of FILE for the commands that go past checking. Diagnostics are
 * rendered to stderr; a program with errors gives exit 1, an unreadable file or bad option exit 2.
 */
export function loadModel(ctx: CliContext, file: string, opts: LoadOptions): Loaded {
  const dtype = opts.dtype ?? "f32";
  if (dtype !== "f32" && dtype !== "f64") return usage(ctx, `--dtype must be f32 or f64, not \`${dtype}\``, { option: "--dtype", value: dtype });
  const read = readSource(file);
  if (!read.ok) {
    reportDiagnostics(ctx, file, [read.diagnostic], new Map());
    return { ok: false, status: EXIT.usage };
  }
  ctx.currentFile = file;
  const check = checkSource(file, read.text, { dtype });
  const diagnostics = [...read.diagnostics, ...check.diagnostics];
  if (diagnostics.length > 0) {
    const errors = hasErrors(diagnostics);
    reportDiagnostics(ctx, file, diagnostics, new Map([[file, check.source]]), errors ? "compile" : undefined);
    if (errors) return { ok: false, status: EXIT.programErrors };
  }
  const picked = selectModel(check.lowered, opts.model);
  if (!picked.ok) return usage(ctx, picked.message);
  return { ok: true, model: picked.value, source: check.source, check };
}

/** A usage problem, exit 2: `error[E0610]: …` (E0611 pointing at an option's value when `at` names it). */
export function usage(ctx: CliContext, message: string, at?: { readonly option: string; readonly value: string }): { ok: false; status: number } {
  return { ok: false, status: reportUsage(ctx, message, at) };
}

/** `a,b` or repeated options → a list; undefined when absent. */
export function splitList(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (typeof value === "string" ? [value] : value).flatMap((v) => v.split(","));
  return parts.map((s) => s.trim()).filter((s) => s !== "");
}
