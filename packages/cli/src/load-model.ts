import { hasErrors, type Diagnostic, type SourceFile } from "@nnc/diagnostics";
import { compile, type Compilation, type CompileOptions, type LoweredModel } from "@nnc/compiler/node";
import { EXIT, type CliContext } from "./command-module.ts";
import { readSource } from "./read-source.ts";
import { reportDiagnostics, reportUsage } from "./report.ts";

export type Loaded =
  | { readonly ok: true; readonly model: LoweredModel; readonly source: SourceFile; readonly text: string; readonly c: Compilation }
  | { readonly ok: false; readonly status: number };

export interface LoadOptions {
  readonly model?: string;
  readonly dtype?: string;
}

/** The command-line option a compile option came from, so a problem with it points there. */
export type OptionArgs = Partial<Record<"of" | "wrt", { readonly option: string; readonly value: string }>> & {
  /** Appended to the message of a problem with `of` (what to do instead). */
  readonly ofHint?: string;
};

/**
 * Reads FILE and runs the driver on it up to what `extra` asks (by default: checking, selecting a
 * model and, for a model that trains, differentiating and optimising — no code), for the commands
 * that go past checking. Diagnostics are rendered to stderr (or JSON); a program with errors gives
 * exit 1, an unreadable file or an option naming nothing (`--model`, `--of`, `--wrt`) exit 2.
 */
export function loadModel(ctx: CliContext, file: string, opts: LoadOptions, extra: Omit<CompileOptions, "fileName" | "dtype" | "model"> = {}, at: OptionArgs = {}): Loaded {
  const dtype = opts.dtype ?? "f32";
  if (dtype !== "f32" && dtype !== "f64") return usage(ctx, `--dtype must be f32 or f64, not \`${dtype}\``, { option: "--dtype", value: dtype });
  const read = readSource(file);
  if (!read.ok) {
    reportDiagnostics(ctx, file, [read.diagnostic], new Map());
    return { ok: false, status: EXIT.usage };
  }
  ctx.currentFile = file;
  const c = compile(read.text, { generate: "none", ...extra, fileName: file, dtype, ...(opts.model === undefined ? {} : { model: opts.model }) });
  const sources = new Map([[file, c.source]]);
  // The checker's diagnostics first (with the summary line when they are errors), as `nnc check` shows them.
  const later = new Set<Diagnostic>(c.gradient?.diagnostics ?? []);
  const problem = c.problem === undefined ? undefined : c.diagnostics.at(-1);
  const checked = [...read.diagnostics, ...c.diagnostics.filter((d) => !later.has(d) && d !== problem)];
  if (checked.length > 0) {
    const errors = hasErrors(checked);
    reportDiagnostics(ctx, file, checked, sources, errors ? "compile" : undefined);
    if (errors) return { ok: false, status: EXIT.programErrors };
  }
  if (c.problem !== undefined) {
    const p = c.problem;
    return usage(ctx, p.option === "of" && at.ofHint !== undefined ? `${p.message}; ${at.ofHint}` : p.message, p.option === "model" ? undefined : at[p.option]);
  }
  reportDiagnostics(ctx, file, [...later], sources);
  if (hasErrors([...later]) || c.model === undefined) return { ok: false, status: EXIT.programErrors };
  return { ok: true, model: c.model, source: c.source, text: read.text, c };
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
