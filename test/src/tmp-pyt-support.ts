/**
import type { PyProgramInput, PyTrainInput } from "@nnc/codegen-pytorch";
 * Support for pytorch-train.test.ts: the PyTorch program of a `.nn` file (built as `nnc compile
 * --target pytorch` builds it, with overrides of the train section), written to a folder, and the
 * parsing of its output lines.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { emitPytorchProgram } from "../../packages/codegen-pytorch/src/program/program.ts";
import { compile } from "@nnc/compiler";

export const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "examples");

/** The program input of `text` (file `file`), its train section changed by `train`. */
export function programInput(file: string, text: string, train: Partial<PyTrainInput> = {}, dataDirFrom = dirname(file)): PyProgramInput {
  const c = compile(text, { fileName: file, generate: "none", differentiate: false });
  const model = c.model;
  if (model === undefined || c.forward === undefined) throw new Error(c.diagnostics.map((d) => d.message).join("\n"));
  const t = model.train;
  if (t === undefined) throw new Error(`${file} has no train section`);
  const base: PyTrainInput = {
    loss: t.loss,
    trainInputs: t.trainInputs,
    optimizer: t.optimizer,
    schedule: t.schedule,
    clip: t.clip,
    metrics: t.metrics,
    ...(t.data === undefined ? {} : { data: { source: t.data.source, args: t.data.args } }),
    batch: t.batch ?? 32,
    epochs: t.epochs ?? 10,
    seed: t.seed ?? 0,
  };
  return {
    modelName: model.name,
    graph: c.forward,
    outputs: model.graph.outputs.map((o) => o.name),
    file: file.split("/").pop() ?? file,
    sourceText: text,
    train: { ...base, ...train },
    dataDir: relative(dataDirFrom, dirname(file)) || ".",
    version: "0.1.0-test",
  };
}

/** Writes the program of `input` to `dir/name` and returns its path; throws when an op is unsupported. */
export function writeProgram(input: PyProgramInput, dir: string, name: string): string {
  const r = emitPytorchProgram(input);
  if (!r.ok) throw new Error(`unsupported: ${r.unsupported.map((u) => u.op).join(", ")}`);
  const path = join(dir, name);
  writeFileSync(path, r.code);
  return path;
}

/** An example's program with its data folder resolved from `dir`. */
export function exampleProgram(example: string, dir: string, name: string, train: Partial<PyTrainInput> = {}): string {
  const file = join(EXAMPLES, example);
  return writeProgram(programInput(file, readFileSync(file, "utf8"), train, dir), dir, name);
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
