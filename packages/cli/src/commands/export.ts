import { basename, extname } from "node:path";
import { defaultSeed, exportOnnx, type ExportCheckpoint, type OnnxExport, type OnnxExportOptions } from "@nnc/compiler/node";
import { atomicWrite, checkWriteTarget, DEFAULT_BATCH, DEFAULT_EPOCHS, loadCheckpoint, loadData, MAX_SEED } from "@nnc/runtime";
import { EXIT, type CommandModule } from "../command-module.ts";
import { fileStep, printDiagnostics } from "../file-step.ts";
import { readSource } from "../read-source.ts";
import { nncVersion } from "../version.ts";
import { dataDirOf, usage } from "./compile.ts";
import { exportReport } from "./export-report.ts";
import { reportDataError } from "./train.ts";

interface ExportOptions {
  readonly format: string;
  readonly output?: string;
  readonly checkpoint?: string;
  readonly trainStep?: boolean;
  readonly model?: string;
  readonly dtype: string;
  readonly totalSteps?: string;
  readonly seed?: string;
}

/** `<basename>.onnx` (or `.train-step.onnx`) in the working directory. */
export function defaultExportPath(file: string, trainStep: boolean): string {
  const stem = basename(file, extname(file));
  return `${stem}${trainStep ? ".train-step" : ""}.onnx`;
}

function whole(v: string | undefined, min: number, max: number): number | null | undefined {
  if (v === undefined) return null;
  const n = Number(v);
  return v.trim() !== "" && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/**
 * S = epochs × ⌈training examples / batch⌉ of `nnc train` on the train section's data (loaded to count
 * it, as the trainer splits it), for a schedule that needs it when `--total-steps` is not given.
 */
function totalStepsFromData(first: OnnxExport, file: string): number | undefined {
  const t = first.model?.train;
  if (t?.data === undefined) return undefined;
  const split = loadData({ source: t.data.source, args: t.data.args }, dataDirOf(file));
  return (t.epochs ?? DEFAULT_EPOCHS) * Math.ceil(split.train.size / (t.batch ?? DEFAULT_BATCH));
}

export const exportCommand: CommandModule = {
  name: "export",
  summary: "export a model to ONNX: the inference graph, or the whole training step",
  examples: [
    ["nnc export examples/spirals.nn", "spirals.onnx: the inference graph with the seeded initial weights"],
    ["nnc export examples/spirals.nn --checkpoint spirals.ckpt -o spirals.onnx", "the trained weights of `nnc train --save spirals.ckpt`"],
    ["nnc export examples/mnist-mlp.nn --train-step", "mnist-mlp.train-step.onnx: forward, backward and the optimizer's update as one graph"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", "the .nn source file")
      .option("--format <format>", "the format to write (only onnx)", "onnx")
      .option("-o, --output <file>", "write the model here (atomically); default <file>.onnx, or <file>.train-step.onnx, in the working directory")
      .option("--checkpoint <file>", "export the trained values of a checkpoint written by `nnc train --save` (default: the seeded initial values)")
      .option("--train-step", "export forward + backward + the optimizer's update as one graph (needs a train section)")
      .option("--model <name>", "the model to export when the file has several")
      .option("--dtype <dtype>", "f32, or f64 to store every float as double", "f32")
      .option("--total-steps <n>", "the run's total optimizer steps, for the schedules cosine and one_cycle (default: from the train section's data)")
      .option("--seed <n>", `seed of the initial values, 0 to ${MAX_SEED} (default: the train section's, else 0)`);
  },
  async run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const o = cmd.opts<ExportOptions>();
    if (o.format !== "onnx") return usage(ctx, `--format must be onnx, not \`${o.format}\` (for PyTorch: \`nnc compile ${file} --target pytorch\`)`, { option: "--format", value: o.format });
    if (o.dtype !== "f32" && o.dtype !== "f64") return usage(ctx, `--dtype must be f32 or f64, not \`${o.dtype}\``, { option: "--dtype", value: o.dtype });
    const totalSteps = whole(o.totalSteps, 1, Number.MAX_SAFE_INTEGER);
    if (totalSteps === undefined) return usage(ctx, `--total-steps needs a whole number ≥ 1, not \`${o.totalSteps ?? ""}\``, { option: "--total-steps", value: o.totalSteps ?? "" });
    const seed = whole(o.seed, 0, MAX_SEED);
    if (seed === undefined) return usage(ctx, `--seed needs a whole number from 0 to ${MAX_SEED}, not \`${o.seed ?? ""}\``, { option: "--seed", value: o.seed ?? "" });
    const trainStep = o.trainStep === true;
    const output = o.output ?? defaultExportPath(file, trainStep);
    // The output is checked before anything is compiled or loaded (not a device, FIFO or folder; not an input).
    const inputs = o.checkpoint === undefined ? [file] : [file, o.checkpoint];
    if (!fileStep(ctx, file, "export", () => checkWriteTarget(output, inputs))) return EXIT.programErrors;
    const read = readSource(file);
    if (!read.ok) {
      printDiagnostics(ctx, file, [read.diagnostic], undefined, "export");
      return EXIT.usage;
    }
    let checkpoint: ExportCheckpoint | undefined;
    if (o.checkpoint !== undefined) {
      const path = o.checkpoint;
      if (!fileStep(ctx, file, "export", () => { const c = loadCheckpoint(path); checkpoint = { path, model: c.model, tensors: c.tensors }; })) return EXIT.programErrors;
    }
    const options: OnnxExportOptions = {
      fileName: file,
      dtype: o.dtype,
      trainStep,
      version: nncVersion(),
      ...(o.model === undefined ? {} : { model: o.model }),
      ...(checkpoint === undefined ? {} : { checkpoint }),
      ...(seed === null ? {} : { seed }),
      ...(totalSteps === null ? {} : { totalSteps }),
    };
    ctx.currentFile = file;
    let result = await exportOnnx(read.text, options);
    let steps = totalSteps ?? undefined;
    // A schedule that needs S without --total-steps (E0703): count the train section's data and export again.
    if (steps === undefined && result.diagnostics.some((d) => d.code === "E0703")) {
      try {
        steps = totalStepsFromData(result, file);
      } catch (e) {
        ctx.currentFile = undefined;
        return reportDataError(ctx, file, e, result.source, "export");
      }
      if (steps !== undefined) result = await exportOnnx(read.text, { ...options, totalSteps: steps });
    }
    ctx.currentFile = undefined;
    printDiagnostics(ctx, file, result.diagnostics, result.source, "export");
    const onnx = result.onnx;
    if (onnx === undefined || result.model === undefined) return EXIT.programErrors;
    if (!fileStep(ctx, file, "export", () => { atomicWrite(output, [onnx.bytes], inputs); })) return EXIT.programErrors;
    const model = result.model;
    const from = o.checkpoint === undefined ? { seed: result.seed ?? defaultSeed(model), trains: model.train !== undefined } : { checkpoint: o.checkpoint };
    const stateNodes = model.graph.nodes.filter((n) => n.op === "param" || n.op === "buffer");
    const state = { params: stateNodes.filter((n) => n.op === "param").length, buffers: stateNodes.filter((n) => n.op === "buffer").length, values: stateNodes.reduce((a, n) => a + n.type.shape.reduce<number>((p, d) => p * Number(d), 1), 0) };
    ctx.io.stdout(exportReport(onnx, { output, model: model.name, dtype: o.dtype, trainStep, from, state, ...(trainStep && steps !== undefined ? { totalSteps: steps } : {}) }));
    return EXIT.ok;
  },
};
