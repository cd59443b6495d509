/**
 * Support for pytorch-train.test.ts: the PyTorch program of a `.nn` file, built by the driver `nnc
 * compile --target pytorch` uses (compilePytorch, with overrides of the train section), written to a
 * folder, and the parsing of its output lines.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { PyTrainInput } from "@nnc/codegen-pytorch";
import type { TrainInfo } from "@nnc/lower";
import { compilePytorch } from "@nnc/compiler/node";

export const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "examples");

export interface BuiltProgram {
  readonly code: string;
  /** The train section as the compiler lowered it (before `train`'s overrides). */
  readonly train: TrainInfo;
}

/** The program of `text` (file `file`), its train section changed by `train`, data resolved from `dataDirFrom`; throws on any error. */
export async function buildProgram(file: string, text: string, train: Partial<PyTrainInput> = {}, dataDirFrom = dirname(file)): Promise<BuiltProgram> {
  const r = await compilePytorch(text, { fileName: file, dataDir: relative(dataDirFrom, dirname(file)) || ".", version: "0.1.0-test", train });
  if (r.code === undefined || r.model?.train === undefined) throw new Error(`${file}: ${r.diagnostics.map((d) => `${d.message} ${d.help ?? ""}`).join("\n") || "no train section"}`);
  return { code: r.code, train: r.model.train };
}

/** Writes `program` to `dir/name` and returns its path. */
export function writeProgram(program: BuiltProgram, dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, program.code);
  return path;
}

/** An example's program with its data folder resolved from `dir`. */
export async function exampleProgram(example: string, dir: string, name: string, train: Partial<PyTrainInput> = {}): Promise<string> {
  const file = join(EXAMPLES, example);
  return writeProgram(await buildProgram(file, readFileSync(file, "utf8"), train, dir), dir, name);
}

export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly [metric: string]: number | null;
}

/** The `--json` epoch records and `--log-steps` losses of a run's stdout (torchrun's `[default0]:` prefixes removed). */
export function parseRun(stdout: string): { epochs: EpochRecord[]; steps: number[] } {
  const epochs: EpochRecord[] = [];
  const steps: number[] = [];
  for (const raw of stdout.split("\n")) {
    const line = raw.replace(/^\[default\d+\]:/, "");
    const step = /^step (\d+) loss (\S+)$/.exec(line);
    if (step !== null) steps[Number(step[1])] = Number(step[2]);
    else if (line.startsWith("{")) epochs.push(JSON.parse(line) as EpochRecord);
  }
  return { epochs, steps };
}

/** nnc train's epoch line: `epoch  3/60  loss 0.4123  acc 82.5%  val_loss 0.4001  val_acc 83.0%  12,345 samples/s  0:01`. */
export const EPOCH_LINE = /^epoch +(\d+)\/(\d+) {2}loss (\d+\.\d{4}) {2}acc (\d+\.\d)% {2}val_loss (\d+\.\d{4}) {2}val_acc (\d+\.\d)% {2}[\d,]+ samples\/s {2}\d+:\d\d$/;
