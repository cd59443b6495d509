import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { hasErrors, terminalText, type SourceFile } from "@nnc/diagnostics";
import { atomicWrite, checkWriteTarget, runtimeFileName, type ProgramFileNames, type ProgramFiles } from "@nnc/runtime";
import { compile, type CompileOptions as DriverOptions } from "@nnc/compiler/node";
import { EXIT, type CliContext, type CommandModule } from "../command-module.ts";
import { pytorchOptionConflict, pytorchProgram } from "./compile-pytorch.ts";
import { fileStep, printDiagnostics } from "../file-step.ts";
import { MAX_MEMORY_HELP, parseMaxMemory } from "./max-memory.ts";
import { readSource } from "../read-source.ts";
import { reportUsage } from "../report.ts";

/** What the commands that build a whole program choose. */
export type CompileProgramOptions = Pick<DriverOptions, "target" | "dtype" | "model" | "batch" | "maxMemory" | "dataDir" | "threads">;

export type Compiled =
  | { readonly ok: true; readonly code: string; readonly source: SourceFile; readonly files?: (names: ProgramFileNames) => ProgramFiles }
  | { readonly ok: false; readonly exit: number };

/** Reads and compiles FILE for the commands; prints diagnostics; on failure gives the exit status. */
export function compileFile(ctx: CliContext, file: string, opts: CompileProgramOptions, action: string): Compiled {
  const read = readSource(file);
  if (!read.ok) {
    printDiagnostics(ctx, file, [read.diagnostic], undefined, action);
    return { ok: false, exit: EXIT.usage };
  }
  ctx.currentFile = file;
  const result = compile(read.text, { ...opts, fileName: file, generate: "program" });
  ctx.currentFile = undefined;
  const source = result.source;
  printDiagnostics(ctx, file, result.diagnostics, source, action);
  const files = result.programFiles;
  if (hasErrors(result.diagnostics) || files === undefined) return { ok: false, exit: EXIT.programErrors };
  // The one-file form is assembled only when read (stdout, --single-file): -o writes the two files.
  return {
    ok: true,
    get code(): string {
      return result.program ?? "";
    },
    source,
    files,
  };
}

/** The folder relative data paths of FILE's train section are resolved against. */
export function dataDirOf(file: string): string {
  return dirname(resolve(file));
}

/**
 * ProgramInfo.dataDir of a program written to OUTPUT (or to stdout, run from here): the path from
 * the program's folder to FILE's folder, relative and with POSIX separators — never this machine's
 * absolute path; the program resolves it against its own location.
 */
export function programDataDir(file: string, output: string | undefined): string {
  const from = output === undefined ? resolve(".") : dirname(resolve(output));
  const rel = relative(from, dataDirOf(file)).split(sep).join("/");
  return rel === "" ? "." : rel;
}

interface CompileOptions {
  readonly output?: string;
  readonly target: string;
  readonly dtype: string;
  readonly model?: string;
  readonly maxMemory?: string;
  readonly singleFile?: boolean;
  readonly threads?: string;
}

export const compileCommand: CommandModule = {
  name: "compile",
  summary: "compile a .nn file into a standalone TypeScript, JavaScript or PyTorch training program",
  examples: [
    ["nnc compile examples/spirals.nn -o train.ts", "a readable TypeScript program, train.ts, and its runtime module train.runtime.ts (run it with tsx)"],
    ["nnc compile examples/spirals.nn --target js -o train.mjs && node train.mjs --epochs 5", "plain JavaScript for node (train.mjs and train.runtime.mjs)"],
    ["nnc compile examples/spirals.nn --single-file -o train.ts", "one file: the runtime pasted into the program"],
    ["nnc compile model.nn --model Mlp --dtype f64", "pick one model of several; float64 everywhere; to stdout"],
    ["nnc compile examples/spirals.nn --target pytorch -o train.py", "a PyTorch program; `torchrun --nproc_per_node 8 train.py` trains on 8 GPUs"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", "the .nn source file")
      .option("-o, --output <file>", "write the program here and, for ts and js, its runtime module beside it (train.ts → train.runtime.ts, train.mjs → train.runtime.mjs; atomically, the runtime first); `-` or none: the one-file program to stdout")
      .option("--single-file", "write one file, the runtime pasted in, instead of the program and its runtime module (ts and js)")
      .option("--target <target>", "ts (TypeScript), js (JavaScript, an ES module) or pytorch (a Python program: nn.Module, training loop, torchrun)", "ts")
      .option("--dtype <dtype>", "f32, or f64 to turn every f32 into f64", "f32")
      .option("--model <name>", "the model to compile when the file has several")
      .option("--max-memory <size>", MAX_MEMORY_HELP)
      .option("--threads <n>", THREADS_HELP);
  },
  async run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const o = cmd.opts<CompileOptions>();
    if (o.target !== "ts" && o.target !== "js" && o.target !== "pytorch") return usage(ctx, `--target must be ts, js or pytorch, not \`${o.target}\``, { option: "--target", value: o.target });
    if (o.dtype !== "f32" && o.dtype !== "f64") return usage(ctx, `--dtype must be f32 or f64, not \`${o.dtype}\``, { option: "--dtype", value: o.dtype });
    const conflict = o.target === "pytorch" ? pytorchOptionConflict(o) : undefined;
    if (conflict !== undefined) return usage(ctx, conflict, { option: "--target", value: o.target });
    if (o.target === "pytorch" && o.threads !== undefined) return usage(ctx, "--threads applies to the ts and js targets, not pytorch (torch chooses its own threads)", { option: "--threads", value: o.threads });
    const maxMemory = parseMaxMemory(ctx, o.maxMemory);
    if (typeof maxMemory === "object") return maxMemory.exit;
    const threads = parseThreads(ctx, o.threads);
    if (typeof threads === "object") return threads.exit;
    const output = o.output === "-" ? undefined : o.output;
    // A ts/js program written to a file comes with its runtime module beside it, unless --single-file.
    const runtimeOut = output === undefined || o.target === "pytorch" || o.singleFile === true ? undefined : join(dirname(output), runtimeFileName(basename(output), o.target));
    // The outputs are checked before compiling (not a device, FIFO or folder; not the source itself).
    for (const target of [runtimeOut, output]) if (target !== undefined && !fileStep(ctx, file, "compile", () => checkWriteTarget(target, [file]))) return EXIT.programErrors;
    const compiled: { readonly ok: true; readonly code: string; readonly files?: (names: ProgramFileNames) => ProgramFiles } | { readonly ok: false; readonly exit: number } =
      o.target === "pytorch"
        ? await pytorchProgram(ctx, file, { dtype: o.dtype, dataDir: programDataDir(file, output), ...(o.model === undefined ? {} : { model: o.model }) })
        : compileFile(ctx, file, { target: o.target, dtype: o.dtype, dataDir: programDataDir(file, output), ...(o.model === undefined ? {} : { model: o.model }), ...(maxMemory === undefined ? {} : { maxMemory }), ...(threads === undefined ? {} : { threads }) }, "compile");
    if (!compiled.ok) return compiled.exit;
    if (output === undefined) {
      ctx.io.stdout(compiled.code);
      return EXIT.ok;
    }
    const split = compiled.files;
    if (runtimeOut !== undefined && split !== undefined) {
      const files = split({ main: basename(output), runtime: basename(runtimeOut) });
      // The runtime first: a program is never on disk without the runtime it imports.
      if (!fileStep(ctx, file, "compile", () => { atomicWrite(runtimeOut, [files.runtime], [file]); atomicWrite(output, [files.main], [file]); })) return EXIT.programErrors;
      ctx.io.stderr(`wrote ${terminalText(output)} and its runtime ${terminalText(runtimeOut)}\n`);
      return EXIT.ok;
    }
    if (!fileStep(ctx, file, "compile", () => { atomicWrite(output, [compiled.code], [file]); })) return EXIT.programErrors;
    ctx.io.stderr(`wrote ${terminalText(output)}\n`);
    return EXIT.ok;
  },
};

export const MAX_THREADS = 64;
export const THREADS_HELP = `threads the generated class splits its large matrix products over, 1 to ${MAX_THREADS}; 1: one thread, no worker threads (default: this machine's cores when the program runs, at most 4)`;

/** `--threads N` (undefined when absent), or the exit status of a usage error. */
export function parseThreads(ctx: CliContext, value: string | undefined): number | undefined | { readonly exit: number } {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= MAX_THREADS) return n;
  return { exit: usage(ctx, `--threads needs a whole number from 1 to ${MAX_THREADS}, not \`${value}\``, { option: "--threads", value }) };
}

/** A usage problem, exit 2: E0611 pointing at an option's value when `at` names it, else E0610. */
export function usage(ctx: CliContext, message: string, at?: { readonly option: string; readonly value: string }): number {
  return reportUsage(ctx, message, at);
}
