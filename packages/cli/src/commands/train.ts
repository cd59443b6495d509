import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { SourceFile } from "@nnc/diagnostics";
import { diagnostic } from "@nnc/diagnostics";
import { checkWriteTarget, DataError, dataSpecFiles, DEFAULT_BATCH, engineLimitError, loadData, MAX_EPOCHS, MAX_SEED, parseDataSpec, runTraining, terminalText, type ProgramModule, type RunOverrides } from "@nnc/runtime";
import { EXIT, type CliContext, type CommandModule } from "../command-module.ts";
import { dataErrorDiagnostic, printDiagnostics } from "../file-step.ts";
import { argumentSource, argumentSpan, reportDiagnostics, runtimeCode } from "../report.ts";
import { ReportCollector } from "../run-report/collector.ts";
import { nncVersion } from "../version.ts";
import { compileFile, dataDirOf, parseThreads, THREADS_HELP, usage, type CompileProgramOptions } from "./compile.ts";
import { MAX_MEMORY_HELP, parseMaxMemory } from "./max-memory.ts";

/**
 * Compiles FILE to JavaScript and loads it in this process: the program is written to a fresh
 * temporary folder as an ES module, imported, and the folder removed.
 */
export async function loadProgram(
  ctx: CliContext,
  file: string,
  model: string | undefined,
  action: string,
  memory: Pick<CompileProgramOptions, "batch" | "maxMemory" | "threads"> = {},
): Promise<{ ok: true; program: ProgramModule; source: SourceFile } | { ok: false; exit: number }> {
  const compiled = compileFile(ctx, file, { target: "js", dtype: "f32", ...(model === undefined ? {} : { model }), ...memory }, action);
  if (!compiled.ok) return compiled;
  const dir = mkdtempSync(join(tmpdir(), "nnc-train-"));
  try {
    const path = join(dir, "program.mjs");
    writeFileSync(path, compiled.code);
    ctx.io.prepareEngine?.();
    const program = (await import(pathToFileURL(path).href)) as ProgramModule;
    return { ok: true, program: { PROGRAM: { ...program.PROGRAM, dataDir: dataDirOf(file) }, createModel: program.createModel }, source: compiled.source };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Data named on the command line: the option (`--data`, `--input`) and its value as given. */
export interface DataArgument {
  readonly option: string;
  readonly value: string;
}

/**
 * A DataError from a run, or an engine limit turned into one (E0658 too large, naming `batch`; E0659
 * nested too deeply), as a diagnostic; anything else is rethrown (an internal error). A problem with
 * data named by `arg` that has no file or `.nn` line of its own (the spec, its source or arguments,
 * the data against the model: codes E0620–E0639) points at that argument, with a caret at the column
 * a spec error names. Exit 2 for an unreadable spec or a bad source argument there (E0621, E0622), else 1.
 */
export function reportDataError(ctx: CliContext, file: string, e: unknown, source: SourceFile | undefined, action: string, at: { readonly arg?: DataArgument | undefined; readonly batch?: number } = {}): number {
  const error = e instanceof DataError ? e : engineLimitError(e, at.batch ?? null);
  if (error === undefined) throw e;
  const arg = at.arg;
  if (arg === undefined || error.file !== undefined || error.sourceLine !== undefined || !(error.code >= "E0620" && error.code < "E0640")) {
    printDiagnostics(ctx, file, [dataErrorDiagnostic(error, source)], source, action);
    return EXIT.programErrors;
  }
  const column = /^column (\d+)$/.exec(error.where ?? "");
  const start = column === null ? 0 : Number(column[1]) - 1;
  const span = argumentSpan(arg.option, arg.value, start, column === null ? arg.value.length : start + 1);
  const d = diagnostic(runtimeCode(error.code), error.message, span, error.help === undefined ? {} : { help: error.help });
  reportDiagnostics(ctx, file, [d], new Map([[arg.option, argumentSource(arg.option, arg.value)]]), action);
  return error.code === "E0621" || error.code === "E0622" ? EXIT.usage : EXIT.programErrors;
}

interface TrainOptions {
  readonly epochs?: string;
  readonly batch?: string;
  readonly lr?: string;
  readonly seed?: string;
  readonly data?: string;
  readonly save?: string;
  readonly resume?: string;
  readonly json?: boolean;
  readonly model?: string;
  readonly maxMemory?: string;
  readonly report?: string;
  readonly threads?: string;
}

/** Whether `e` is the report page's own write failing (then rewriting it would fail again). */
function isReportWriteError(e: unknown, path: string | undefined): boolean {
  return e instanceof DataError && path !== undefined && e.file === path;
}

/** Why a run stopped, for the report page: the error's code and message. */
function stopReason(e: unknown): string {
  if (e instanceof DataError) return `error ${e.code}: ${e.message}`;
  return e instanceof Error ? `internal error: ${e.message}` : "internal error";
}

/** Checks the `--report` target against `inputs`; the exit status of a refusal, else undefined. */
function checkReportTarget(ctx: CliContext, file: string, report: string, inputs: readonly string[]): number | undefined {
  try {
    checkWriteTarget(report, inputs);
    return undefined;
  } catch (e) {
    return reportDataError(ctx, file, e, undefined, "train");
  }
}

function count(v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | null | undefined {
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

export const trainCommand: CommandModule = {
  name: "train",
  summary: "compile a .nn file and train its model here, with progress, metrics and checkpoints",
  examples: [
    ["nnc train examples/spirals.nn", "train with the settings of the file's train section"],
    ["nnc train examples/mnist-mlp.nn --epochs 1 --batch 128 --save mlp.ckpt", "override settings; save a checkpoint after every epoch"],
    ["nnc train examples/mnist-mlp.nn --resume mlp.ckpt --epochs 3", "continue exactly where the checkpoint stopped"],
    ["nnc train model.nn --data 'csv(\"data.csv\", label=\"y\")' --json", "other data; one JSON line per epoch on stdout"],
    ["nnc train examples/spirals.nn --epochs 5 --report run.html", "also write a one-page HTML report: curves, final metrics, confusion matrix, settings"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", "the .nn source file")
      .option("--epochs <n>", "number of epochs, 1 to 1000000 (default: the train section's, else 10)")
      .option("--batch <n>", "examples per step (default: the train section's, else 32)")
      .option("--lr <x>", "learning rate (default: the optimizer's)")
      .option("--seed <n>", "seed of initialisation and shuffling, 0 to 4294967295 (default: the train section's, else 0)")
      .option("--data <spec>", "data source, e.g. 'spirals(n=500)', 'mnist()', 'csv(\"f.csv\", label=\"y\")' or a file name")
      .option("--save <file>", "write a checkpoint after every epoch (atomic: temp file + rename)")
      .option("--resume <file>", "restore params, buffers, optimizer state, epoch and RNG from a checkpoint and continue")
      .option("--json", "one JSON object per epoch and a final one on stdout (no progress bar)")
      .option("--model <name>", "the model to train when the file has several")
      .option("--max-memory <size>", MAX_MEMORY_HELP)
      .option("--threads <n>", THREADS_HELP)
      .option("--report <file>", "write a self-contained HTML report (curves, final metrics, confusion matrix, settings), atomically: after the first epoch, at most every 2 s, and at the end");
  },
  async run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const o = cmd.opts<TrainOptions>();
    const epochs = count(o.epochs, 1, MAX_EPOCHS);
    const batch = count(o.batch, 1);
    const seed = count(o.seed, 0, MAX_SEED);
    const lr = o.lr === undefined ? null : Number(o.lr);
    const bad = (option: string, value: string | undefined, range: string): number => usage(ctx, `${option} needs a whole number ${range}, not \`${value ?? ""}\``, { option, value: value ?? "" });
    if (epochs === undefined) return bad("--epochs", o.epochs, `from 1 to ${MAX_EPOCHS}`);
    if (batch === undefined) return bad("--batch", o.batch, "≥ 1");
    if (seed === undefined) return bad("--seed", o.seed, `from 0 to ${MAX_SEED}`);
    if (lr !== null && !(lr > 0 && Number.isFinite(lr))) return usage(ctx, `--lr needs a number > 0, not \`${o.lr ?? ""}\``, { option: "--lr", value: o.lr ?? "" });
    const dataArg = o.data === undefined ? undefined : { option: "--data", value: o.data };
    let data: RunOverrides["data"];
    try {
      data = o.data === undefined ? null : parseDataSpec(o.data);
    } catch (e) {
      return reportDataError(ctx, file, e, undefined, "train", { arg: dataArg });
    }
    const maxMemory = parseMaxMemory(ctx, o.maxMemory);
    if (typeof maxMemory === "object") return maxMemory.exit;
    const threads = parseThreads(ctx, o.threads);
    if (typeof threads === "object") return threads.exit;
    // The files the run reads or writes besides the page: it must be none of them (E0657, by dev+inode).
    const runFiles = [file, ...(o.resume === undefined ? [] : [o.resume]), ...(o.save === undefined ? [] : [o.save])];
    if (o.report !== undefined) {
      // The same path before either exists (checkWriteTarget compares existing files only).
      if (o.save !== undefined && resolve(o.save) === resolve(o.report)) return usage(ctx, `--report and --save name the same file \`${o.report}\``, { option: "--report", value: o.report });
      const early = checkReportTarget(ctx, file, o.report, runFiles);
      if (early !== undefined) return early;
    }
    // The memory plan is checked at compile time, at the batch the run will use (E0667).
    const loaded = await loadProgram(ctx, file, o.model, "train", { ...(batch === null ? {} : { batch }), ...(maxMemory === undefined ? {} : { maxMemory }), ...(threads === undefined ? {} : { threads }) });
    if (!loaded.ok) return loaded.exit;
    const info = loaded.program.PROGRAM;
    let reportInputs: readonly string[] = runFiles;
    if (o.report !== undefined) {
      // Now the data spec is known: the page must not replace a data file either (before any is loaded).
      const spec = data ?? info.train?.data ?? null;
      reportInputs = [...runFiles, ...(spec === null ? [] : dataSpecFiles(spec, data !== null ? process.cwd() : info.dataDir))];
      const late = checkReportTarget(ctx, file, o.report, reportInputs);
      if (late !== undefined) return late;
    }
    const overrides: RunOverrides = { epochs, batch, lr, seed, data, save: o.save ?? null, resume: o.resume ?? null, json: o.json === true, maxMemory: maxMemory ?? null };
    const report = o.report === undefined ? undefined : new ReportCollector({ path: o.report, file, inputs: reportInputs, info, cliLr: lr, resume: o.resume ?? null, version: nncVersion() });
    try {
      runTraining(info, loaded.program.createModel, overrides, { out: ctx.io.stdout, err: ctx.io.stderr, isTTY: ctx.io.stderrIsTTY, cwd: process.cwd(), loadData, ...(report === undefined ? {} : { observer: report }) });
      if (report !== undefined) {
        report.finish({ kind: "finished" });
        ctx.io.stderr(`report written to ${terminalText(report.path)}\n`);
      }
    } catch (e) {
      // After ≥ 1 epoch the page is rewritten as stopped early; a failure writing it must not hide `e`.
      if (report !== undefined && report.epochsDone > 0 && !isReportWriteError(e, o.report)) {
        try {
          report.finish({ kind: "stopped", reason: stopReason(e) });
        } catch {
          // The page of the last epoch stays; `e` is what the user needs to see.
        }
      }
      const usedBatch = batch ?? info.train?.batch ?? DEFAULT_BATCH;
      return reportDataError(ctx, file, e, loaded.source, "train", { batch: usedBatch, arg: dataArg });
    }
    return EXIT.ok;
  },
};
