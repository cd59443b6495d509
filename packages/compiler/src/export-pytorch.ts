/**
 * `nnc compile --target pytorch`'s driver: compiles a `.nn` file and hands the lowered forward graph
 * (the loss included) and the train section to the PyTorch backend, which writes one Python program.
 */
import { hasErrors, type Diagnostic, type SourceFile } from "@nnc/diagnostics";
import { emitPytorchProgram, type PyTrainInput } from "@nnc/codegen-pytorch";
import type { LoweredModel, TrainInfo } from "@nnc/lower";
import { DEFAULT_BATCH, DEFAULT_EPOCHS, DEFAULT_SEED } from "@nnc/runtime/core";
import { compile } from "./compile.ts";
import { unsupportedDiagnostics } from "./export.ts";
import { baseName } from "./program-info.ts";

export interface PytorchOptions {
  readonly fileName: string;
  readonly model?: string;
  /** The dtype of params and float inputs (default "f32"). */
  readonly dtype?: "f32" | "f64";
  /** From the program file's folder to the `.nn` file's folder (relative, POSIX), where data paths are resolved. */
  readonly dataDir: string;
  /** nnc's version, written in the program's header. */
  readonly version: string;
  /** Replaces fields of the train section as the program's loop follows it (tests: other data, optimizers). */
  readonly train?: Partial<PyTrainInput>;
}

export interface PytorchProgram {
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
  readonly model?: LoweredModel;
  /** The Python program, when nothing failed. */
  readonly code?: string;
  readonly className?: string;
}

/** The train section as the program's loop follows it, runtime defaults filled in. */
function trainInput(t: TrainInfo): PyTrainInput {
  return {
    loss: t.loss,
    trainInputs: t.trainInputs,
    optimizer: t.optimizer,
    schedule: t.schedule,
    clip: t.clip,
    metrics: t.metrics,
    ...(t.data === undefined ? {} : { data: { source: t.data.source, args: t.data.args } }),
    batch: t.batch ?? DEFAULT_BATCH,
    epochs: t.epochs ?? DEFAULT_EPOCHS,
    seed: t.seed ?? DEFAULT_SEED,
  };
}

export function compilePytorch(text: string, o: PytorchOptions): PytorchProgram {
  const dtype = o.dtype ?? "f32";
  const c = compile(text, { fileName: o.fileName, dtype, generate: "none", differentiate: false, ...(o.model === undefined ? {} : { model: o.model }) });
  const model = c.model;
  const base = { source: c.source, ...(model === undefined ? {} : { model }) };
  if (hasErrors(c.diagnostics) || model === undefined || c.forward === undefined) return { ...base, diagnostics: c.diagnostics };
  const result = emitPytorchProgram({
    modelName: model.name,
    graph: c.forward,
    outputs: model.graph.outputs.map((out) => out.name),
    dtype,
    file: baseName(o.fileName),
    sourceText: text,
    ...(model.train === undefined ? {} : { train: { ...trainInput(model.train), ...o.train } }),
    dataDir: o.dataDir,
    version: o.version,
  });
  if (!result.ok) return { ...base, diagnostics: [...c.diagnostics, ...unsupportedDiagnostics(result.unsupported, "PyTorch", c.source)] };
  return { ...base, diagnostics: c.diagnostics, code: result.code, className: result.className };
}
