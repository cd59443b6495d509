/**
 * The Node entry of the driver (`@nnc/compiler/node`): everything of the browser-safe entry, and a
 * `compile` that also assembles whole programs — the runtime's sources are read from disk — and
 * checks the planned memory against this machine's limit.
 */
import { assembleProgramForms, defaultMemoryLimit, memoryProblem, programTopLevelNames } from "@nnc/runtime";
import { compileWith, type Compilation, type CompileHost } from "./compile.ts";
import type { CompileOptions } from "./compile-options.ts";

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

// The exporters write bytes for other engines (ONNX, PyTorch); they are Node-only so the playground's bundle stays small.
export { exportOnnx, scheduleNeedsTotalSteps, defaultSeed, initialValues, type OnnxExport, type OnnxExported, type OnnxExportOptions, type ExportCheckpoint } from "./export.ts";
export { compilePytorch, type PytorchOptions, type PytorchProgram } from "./export-pytorch.ts";
