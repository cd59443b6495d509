import { hasErrors, renderDiagnostics, renderSummary, type SourceFile } from "@nnc/diagnostics";
import { checkSource, selectModel, type CheckResult } from "@nnc/compiler";
import type { LoweredModel } from "@nnc/lower";
import { EXIT, type CliContext } from "./command-module.ts";
import { readSource } from "./read-source.ts";

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
  if (dtype !== "f32" && dtype !== "f64") return usage(ctx, `--dtype must be f32 or f64, not \`${dtype}\``);
  const read = readSource(file);
  const color = ctx.color("stderr");
  if (!read.ok) {
    ctx.io.stderr(renderDiagnostics([read.diagnostic], new Map(), { color }));
    return { ok: false, status: EXIT.usage };
  }
  ctx.currentFile = file;
  const check = checkSource(file, read.text, { dtype });
  const diagnostics = [...read.diagnostics, ...check.diagnostics];
  if (diagnostics.length > 0) {
    ctx.io.stderr(renderDiagnostics(diagnostics, new Map([[file, check.source]]), { color }));
    if (hasErrors(diagnostics)) {
      ctx.io.stderr("\n" + renderSummary(file, diagnostics, { color, action: "compile" }));
      return { ok: false, status: EXIT.programErrors };
    }
  }
  const picked = selectModel(check.lowered, opts.model);
  if (!picked.ok) return usage(ctx, picked.message);
  return { ok: true, model: picked.value, source: check.source, check };
}

/** A usage problem: one `error:` line on stderr, exit 2. */
export function usage(ctx: CliContext, message: string): { ok: false; status: number } {
  ctx.io.stderr(`error: ${message}\n`);
  return { ok: false, status: EXIT.usage };
}

/** `a,b` or repeated options → a list; undefined when absent. */
export function splitList(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (typeof value === "string" ? [value] : value).flatMap((v) => v.split(","));
  return parts.map((s) => s.trim()).filter((s) => s !== "");
}
