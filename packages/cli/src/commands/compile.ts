import { dirname, resolve } from "node:path";
import type { SourceFile} from "@nnc/diagnostics";
import { diagnostic, hasErrors, renderDiagnostics, renderSummary, type Diagnostic } from "@nnc/diagnostics";
import { atomicWrite, DataError } from "@nnc/runtime";
import { compileProgram, type CompileProgramOptions } from "@nnc/compiler/program";
import { EXIT, type CliContext, type CommandModule } from "../command-module.ts";
import { fileSpan, readSource } from "../read-source.ts";

export type { CompileProgramOptions } from "@nnc/compiler/program";

/** A user-fixable runtime problem as a diagnostic: at its `.nn` line when known, else at the data file. */
export function dataErrorDiagnostic(e: DataError, source: SourceFile | undefined): Diagnostic {
  const init = e.help === undefined ? {} : { help: e.help };
  if (e.sourceLine !== undefined && source !== undefined) {
    const start = source.lineStarts[e.sourceLine - 1] ?? 0;
    const end = source.lineStarts[e.sourceLine] ?? source.text.length;
    const text = source.text.slice(start, end).replace(/\s+$/, "");
    const indent = text.length - text.trimStart().length;
    return diagnostic(e.code, e.message, source.span(start + indent, start + text.length), { ...init, label: "the first non-finite value is computed here" });
  }
  return diagnostic(e.code, e.message, fileSpan(e.file ?? source?.name ?? "<data>"), init);
}

export function printDiagnostics(ctx: CliContext, file: string, ds: readonly Diagnostic[], source: SourceFile | undefined, action: string): void {
  if (ds.length === 0) return;
  const color = ctx.color("stderr");
  const sources = new Map(source === undefined ? [] : [[file, source]]);
  const summary = renderSummary(file, ds, { color, action });
  ctx.io.stderr(renderDiagnostics(ds, sources, { color }) + (summary === "" ? "" : "\n" + summary));
}

export type Compiled = { readonly ok: true; readonly code: string; readonly source: SourceFile } | { readonly ok: false; readonly exit: number };

/** Reads and compiles FILE for the commands; prints diagnostics; on failure gives the exit status. */
export function compileFile(ctx: CliContext, file: string, opts: CompileProgramOptions, action: string): Compiled {
  const read = readSource(file);
  if (!read.ok) {
    printDiagnostics(ctx, file, [read.diagnostic], undefined, action);
    return { ok: false, exit: EXIT.usage };
  }
  ctx.currentFile = file;
  const result = compileProgram(file, read.text, { dataDir: dataDirOf(file), ...opts });
  ctx.currentFile = undefined;
  const source = result.source;
  printDiagnostics(ctx, file, result.diagnostics, source, action);
  if (hasErrors(result.diagnostics) || result.code === undefined) return { ok: false, exit: EXIT.programErrors };
  return { ok: true, code: result.code, source };
}

/** The folder relative data paths of FILE's train section are resolved against. */
export function dataDirOf(file: string): string {
  return dirname(resolve(file));
}

interface CompileOptions {
  readonly output?: string;
  readonly target: string;
  readonly dtype: string;
  readonly model?: string;
}

export const compileCommand: CommandModule = {
  name: "compile",
  summary: "compile a .nn file into a standalone TypeScript or JavaScript training program",
  examples: [
    ["nnc compile examples/spirals.nn -o train.ts", "a readable TypeScript program (run it with tsx)"],
    ["nnc compile examples/spirals.nn --target js -o train.mjs && node train.mjs --epochs 5", "plain JavaScript for node"],
    ["nnc compile model.nn --model Mlp --dtype f64", "pick one model of several; float64 everywhere; to stdout"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", "the .nn source file")
      .option("-o, --output <file>", "write the program here (atomically) instead of to stdout")
      .option("--target <target>", "ts (TypeScript) or js (JavaScript, an ES module)", "ts")
      .option("--dtype <dtype>", "f32, or f64 to turn every f32 into f64", "f32")
      .option("--model <name>", "the model to compile when the file has several");
  },
  run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const o = cmd.opts<CompileOptions>();
    if (o.target !== "ts" && o.target !== "js") return usage(ctx, `--target must be ts or js, not \`${o.target}\``);
    if (o.dtype !== "f32" && o.dtype !== "f64") return usage(ctx, `--dtype must be f32 or f64, not \`${o.dtype}\``);
    const compiled = compileFile(ctx, file, { target: o.target, dtype: o.dtype, ...(o.model === undefined ? {} : { model: o.model }) }, "compile");
    if (!compiled.ok) return compiled.exit;
    if (o.output === undefined) {
      ctx.io.stdout(compiled.code);
      return EXIT.ok;
    }
    try {
      atomicWrite(o.output, [compiled.code]);
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      printDiagnostics(ctx, file, [dataErrorDiagnostic(e, undefined)], undefined, "compile");
      return EXIT.programErrors;
    }
    ctx.io.stderr(`wrote ${o.output}\n`);
    return EXIT.ok;
  },
};

export function usage(ctx: CliContext, message: string): number {
  ctx.io.stderr(`error: ${message}\n`);
  return EXIT.usage;
}
