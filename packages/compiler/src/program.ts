/**
 * The whole pipeline to a training program: check → lower → differentiate the loss → optimise →
 * generate the model class → assemble it with the runtime. A separate entry point
 * (`@nnc/compiler/program`) because the runtime reads its own sources from disk: the browser
 * playground uses the stages, not this.
 */
import { diagnostic, hasErrors, type Diagnostic, type SourceFile } from "@nnc/diagnostics";
import { generateForward, generateModel } from "@nnc/codegen-ts";
import type { LoweredModel } from "@nnc/lower";
import { assembleProgram, type ProgramInfo } from "@nnc/runtime";
import { dimSymbols, graphInputs } from "@nnc/ir";
import { checkSource } from "./check.ts";
import { gradient, optimize, selectModel } from "./pipeline.ts";
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
}

export interface CompileProgramResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
  /** The whole program (runtime + model class + glue exporting PROGRAM and createModel). */
  readonly code?: string;
  readonly meta?: ModelSummary;
}

function programInfo(fileName: string, model: LoweredModel, dataDir: string): ProgramInfo {
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
  };
}

export function compileProgram(fileName: string, text: string, opts: CompileProgramOptions): CompileProgramResult {
  const checked = checkSource(fileName, text, { dtype: opts.dtype });
  const source = checked.source;
  if (hasErrors(checked.diagnostics)) return { diagnostics: checked.diagnostics, source };
  const picked = selectModel(checked.lowered, opts.model);
  if (!picked.ok) return { diagnostics: [...checked.diagnostics, diagnostic("E0665", picked.message, source.span(0, 0))], source };
  const model = picked.value;
  const extra = symbolicDims(model).slice(1);
  if (extra.length > 0) {
    const message = `generated code can leave only the batch dim symbolic, but \`${model.name}\` also uses ${extra.map((d) => `\`${d}\``).join(", ")}`;
    return { diagnostics: [...checked.diagnostics, diagnostic("E0666", message, model.span, { help: "write the other dims as numbers" })], source };
  }
  const passes = opts.passes === undefined ? {} : { passes: opts.passes };
  const src = { file: fileName };
  let generated;
  let diagnostics = checked.diagnostics;
  if (model.train === undefined) {
    generated = generateForward({ model: { ...model, graph: optimize(model.graph, passes) }, dtype: opts.dtype, target: opts.target, source: src });
  } else {
    const grad = gradient(model, model.train.loss);
    diagnostics = [...diagnostics, ...grad.diagnostics];
    if (hasErrors(grad.diagnostics)) return { diagnostics, source };
    const optimized = { ...grad, graph: optimize(grad.graph, passes) };
    generated = generateModel({ model, grad: optimized, optimizer: model.train.optimizer, dtype: opts.dtype, target: opts.target, source: src });
  }
  const code = assembleProgram({ target: opts.target, modelCode: generated.code, className: generated.className, info: programInfo(fileName, model, opts.dataDir ?? ".") });
  return { diagnostics, source, code, meta: summarize(model) };
}

/** The symbolic dims the model's graph uses, the batch (leading the first input) first. */
function symbolicDims(model: LoweredModel): string[] {
  const used = new Set<string>();
  for (const n of model.graph.nodes) for (const d of n.type.shape) for (const s of dimSymbols(d)) used.add(s);
  const first = graphInputs(model.graph)[0]?.type.shape[0];
  const batch = first === undefined ? [] : dimSymbols(first).slice(0, 1);
  return [...new Set([...batch, ...used])];
}
