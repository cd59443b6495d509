/**
 * The whole pipeline to a training program: check → lower → differentiate the loss → optimise →
 * generate the model class → assemble it with the runtime. A separate entry point
 * (`@nnc/compiler/program`) because the runtime reads its own sources from disk: the browser
 * playground uses the stages, not this.
 */
import { diagnostic, hasErrors, type Diagnostic, type SourceFile } from "@nnc/diagnostics";
import { compactMemoryPlan, generateForward, generateModel } from "@nnc/codegen-ts";
import type { LoweredModel } from "@nnc/lower";
import { assembleProgram, defaultMemoryLimit, memoryProblem, programTopLevelNames, type MemoryTensor, type ProgramInfo } from "@nnc/runtime";
import { checkSource } from "./check.ts";
import { DEFAULT_BATCH } from "./memory.ts";
import { gradient, optimize, selectModel, symbolicDims } from "./pipeline.ts";
import { summarize, type ModelSummary } from "./summary.ts";

export interface CompileProgramOptions {
  readonly target: "ts" | "js";
  readonly dtype: "f32" | "f64";
  /** The model to compile (default: the first with a train section, else the first). */
  readonly model?: string;
  /** The folder the train section's relative data paths are resolved against (default "."). */
  readonly dataDir?: string;
  /** Optimisation passes (default: the standard pipeline); `[]` compiles the graph as differentiated. */
  readonly passes?: readonly string[];
  /** The batch the memory plan must fit at (default: the train section's, else 32). */
  readonly batch?: number;
  /** The memory limit in bytes (E0667 above it; default: half of this machine's memory, at most 4 GiB). */
  readonly maxMemory?: number;
}

export interface CompileProgramResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
  /** The whole program (runtime + model class + glue exporting PROGRAM and createModel). */
  readonly code?: string;
  readonly meta?: ModelSummary;
}

function programInfo(fileName: string, model: LoweredModel, dataDir: string, memory: readonly MemoryTensor[]): ProgramInfo {
  const t = model.train;
  return {
    source: fileName,
    model: model.name,
    dataDir,
    train:
      t === undefined
        ? null
        : {
            data: t.data === undefined ? null : { source: t.data.source, args: t.data.args },
            batch: t.batch ?? null,
            epochs: t.epochs ?? null,
            seed: t.seed ?? null,
            lr: t.optimizer.lr,
          },
    memory,
  };
}

export function compileProgram(fileName: string, text: string, opts: CompileProgramOptions): CompileProgramResult {
  const checked = checkSource(fileName, text, { dtype: opts.dtype });
  const source = checked.source;
  if (hasErrors(checked.diagnostics)) return { diagnostics: checked.diagnostics, source };
  const picked = selectModel(checked.lowered, opts.model);
  if (!picked.ok) return { diagnostics: [...checked.diagnostics, diagnostic("E0665", picked.message, source.span(0, 0))], source };
  const model = picked.value;
  const extra = symbolicDims(model.graph).slice(1);
  if (extra.length > 0) {
    const message = `generated code can leave only the batch dim symbolic, but \`${model.name}\` also uses ${extra.map((d) => `\`${d}\``).join(", ")}`;
    return { diagnostics: [...checked.diagnostics, diagnostic("E0666", message, model.span, { help: "write the other dims as numbers" })], source };
  }
  const passes = opts.passes === undefined ? {} : { passes: opts.passes };
  const src = { file: fileName };
  const reserved = programTopLevelNames();
  let generated;
  let diagnostics = checked.diagnostics;
  if (model.train === undefined) {
    generated = generateForward({ model: { ...model, graph: optimize(model.graph, passes) }, dtype: opts.dtype, target: opts.target, source: src, reserved });
  } else {
    const grad = gradient(model, model.train.loss);
    diagnostics = [...diagnostics, ...grad.diagnostics];
    if (hasErrors(grad.diagnostics)) return { diagnostics, source };
    const optimized = { ...grad, graph: optimize(grad.graph, passes) };
    generated = generateModel({ model, grad: optimized, optimizer: model.train.optimizer, dtype: opts.dtype, target: opts.target, source: src, reserved });
  }
  const batch = opts.batch ?? model.train?.batch ?? DEFAULT_BATCH;
  const problem = memoryProblem(model.name, generated.memory, batch, opts.maxMemory ?? defaultMemoryLimit());
  if (problem !== null) return { diagnostics: [...diagnostics, diagnostic("E0667", problem.message, model.span, { help: problem.help })], source };
  const code = assembleProgram({ target: opts.target, modelCode: generated.code, className: generated.className, info: programInfo(fileName, model, opts.dataDir ?? ".", compactMemoryPlan(generated.memory)) });
  return { diagnostics, source, code, meta: summarize(model) };
}

