import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { SourceFile } from "@nnc/diagnostics";
import { DataError, parseDataSpec, runTraining, type ProgramModule, type RunOverrides } from "@nnc/runtime";
import { EXIT, type CliContext, type CommandModule } from "../command-module.ts";
import { compileFile, dataDirOf, dataErrorDiagnostic, printDiagnostics, usage } from "./compile.ts";

/**
 * Compiles FILE to JavaScript and loads it in this process: the program is written to a fresh
 * temporary folder as an ES module, imported, and the folder removed.
 */
export async function loadProgram(ctx: CliContext, file: string, model: string | undefined, action: string): Promise<{ ok: true; program: ProgramModule; source: SourceFile } | { ok: false; exit: number }> {
  const compiled = compileFile(ctx, file, { target: "js", dtype: "f32", ...(model === undefined ? {} : { model }) }, action);
  if (!compiled.ok) return compiled;
  const dir = mkdtempSync(join(tmpdir(), "nnc-train-"));
  try {
    const path = join(dir, "program.mjs");
    writeFileSync(path, compiled.code);
    const program = (await import(pathToFileURL(path).href)) as ProgramModule;
    return { ok: true, program: { PROGRAM: { ...program.PROGRAM, dataDir: dataDirOf(file) }, createModel: program.createModel }, source: compiled.source };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A DataError from a run as a diagnostic on stderr; exit status 1. */
export function reportDataError(ctx: CliContext, file: string, e: unknown, source: SourceFile | undefined, action: string): number {
  if (!(e instanceof DataError)) throw e;
  printDiagnostics(ctx, file, [dataErrorDiagnostic(e, source)], source, action);
  return EXIT.programErrors;
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
}

function count(v: string | undefined, min: number): number | null | undefined {
  if (v === undefined) return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= min ? n : undefined;
}

export const trainCommand: CommandModule = {
  name: "train",
  summary: "compile a .nn file and train its model here, with progress, metrics and checkpoints",
  examples: [
    ["nnc train examples/spirals.nn", "train with the settings of the file's train section"],
    ["nnc train examples/mnist-mlp.nn --epochs 1 --batch 128 --save mlp.ckpt", "override settings; save a checkpoint after every epoch"],
    ["nnc train examples/mnist-mlp.nn --resume mlp.ckpt --epochs 3", "continue exactly where the checkpoint stopped"],
    ["nnc train model.nn --data 'csv(\"data.csv\", label=\"y\")' --json", "other data; one JSON line per epoch on stdout"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", "the .nn source file")
      .option("--epochs <n>", "number of epochs (default: the train section's, else 10)")
      .option("--batch <n>", "examples per step (default: the train section's, else 32)")
      .option("--lr <x>", "learning rate (default: the optimizer's)")
      .option("--seed <n>", "seed of initialisation and shuffling (default: the train section's, else 0)")
      .option("--data <spec>", "data source, e.g. 'spirals(n=500)', 'mnist()', 'csv(\"f.csv\", label=\"y\")' or a file name")
      .option("--save <file>", "write a checkpoint after every epoch (atomic: temp file + rename)")
      .option("--resume <file>", "restore params, optimizer state, epoch and RNG from a checkpoint and continue")
      .option("--json", "one JSON object per epoch and a final one on stdout (no progress bar)")
      .option("--model <name>", "the model to train when the file has several");
  },
  async run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const o = cmd.opts<TrainOptions>();
    const epochs = count(o.epochs, 1);
    const batch = count(o.batch, 1);
    const seed = count(o.seed, 0);
    const lr = o.lr === undefined ? null : Number(o.lr);
    if (epochs === undefined) return usage(ctx, `--epochs needs a whole number ≥ 1, not \`${o.epochs ?? ""}\``);
    if (batch === undefined) return usage(ctx, `--batch needs a whole number ≥ 1, not \`${o.batch ?? ""}\``);
    if (seed === undefined) return usage(ctx, `--seed needs a whole number ≥ 0, not \`${o.seed ?? ""}\``);
    if (lr !== null && !(lr > 0 && Number.isFinite(lr))) return usage(ctx, `--lr needs a number > 0, not \`${o.lr ?? ""}\``);
    let data: RunOverrides["data"];
    try {
      data = o.data === undefined ? null : parseDataSpec(o.data);
    } catch (e) {
      return reportDataError(ctx, file, e, undefined, "train");
    }
    const loaded = await loadProgram(ctx, file, o.model, "train");
    if (!loaded.ok) return loaded.exit;
    const overrides: RunOverrides = { epochs, batch, lr, seed, data, save: o.save ?? null, resume: o.resume ?? null, json: o.json === true };
    try {
      runTraining(loaded.program.PROGRAM, loaded.program.createModel, overrides, { out: ctx.io.stdout, err: ctx.io.stderr, isTTY: ctx.io.stderrIsTTY, cwd: process.cwd() });
    } catch (e) {
      return reportDataError(ctx, file, e, loaded.source, "train");
    }
    return EXIT.ok;
  },
};
