/**
 * The Node entry of the driver (`@nnc/compiler/node`): everything of the browser-safe entry, and a
 * `compile` that also assembles whole programs — the runtime's sources are read from disk — and
 * checks the planned memory against this machine's limit.
 */
import { assembleProgramForms, defaultMemoryLimit, memoryProblem, programTopLevelNames } from "@nnc/runtime";
import { compileWith, type Compilation, type CompileHost } from "./compile.ts";
import type { CompileOptions } from "./compile-options.ts";
import type { OnnxExport, OnnxExportOptions } from "./export.ts";
import type { PytorchOptions, PytorchProgram } from "./export-pytorch.ts";

export * from "./index.ts";

export const NODE_HOST: CompileHost = {
  generate: "program",
  program: assembleProgramForms,
  reserved: programTopLevelNames,
  defaultMemoryLimit,
  memoryProblem,
};

/** compile() with programs: `generate` defaults to "program". */
export function compile(text: string, options: CompileOptions): Compilation {
  return compileWith(text, options, NODE_HOST);
}

// The exporters write bytes for other engines (ONNX, PyTorch); they are Node-only so the playground's
// bundle stays small, and loaded on first use so that `nnc check` never loads protobufjs or the
// PyTorch code generator.
export { scheduleNeedsTotalSteps, defaultSeed } from "./export-settings.ts";
export { initialValues, type ExportCheckpoint } from "./export-values.ts";
export type { OnnxExport, OnnxExported, OnnxExportOptions } from "./export.ts";
export type { PytorchOptions, PytorchProgram } from "./export-pytorch.ts";

/** The ONNX model of `text` (export.ts's exportOnnx, loaded on first use). */
export async function exportOnnx(text: string, o: OnnxExportOptions): Promise<OnnxExport> {
  return (await import("./export.ts")).exportOnnx(text, o);
}

/** The PyTorch training program of `text` (export-pytorch.ts's compilePytorch, loaded on first use). */
export async function compilePytorch(text: string, o: PytorchOptions): Promise<PytorchProgram> {
  return (await import("./export-pytorch.ts")).compilePytorch(text, o);
}
