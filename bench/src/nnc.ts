/**
 * nnc's side: the exact program `nnc compile --target js` emits (the driver's compile()), written to a
 * temporary .mjs file and imported, so the benchmark measures the shipped generated code.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile } from "@nnc/compiler/node";
import { renderDiagnostics } from "@nnc/diagnostics";
import { takesRelaxedSimd, type CompiledModel } from "@nnc/runtime";

export interface LoadedProgram {
  readonly code: string;
  readonly createModel: (maxBatch: number) => CompiledModel;
}

let dir: string | null = null;
let counter = 0;

/**
 * Compiles `.nn` text as `nnc compile --target js` does (with `--threads N` when `threads` is given;
 * otherwise the class uses the machine's cores); throws with the diagnostics on failure.
 */
export function compileJs(fileName: string, text: string, threads?: number): string {
  const r = compile(text, { fileName, target: "js", dtype: "f32", generate: "program", ...(threads === undefined ? {} : { threads }) });
  if (r.program === undefined) throw new Error(`bench: ${fileName} does not compile:\n${renderDiagnostics(r.diagnostics, new Map([[r.source.name, r.source]]), { color: false })}`);
  return r.program;
}

function isFactory(f: unknown): f is (maxBatch: number) => CompiledModel {
  return typeof f === "function";
}

/** Whether models of `createModel`'s class take the relaxed-SIMD matmuls here (asked of a one-row model). */
export function usesRelaxedSimd(createModel: (maxBatch: number) => CompiledModel): boolean {
  const model = createModel(1);
  const relaxed = takesRelaxedSimd(model);
  model.close?.();
  return relaxed;
}

export async function loadProgram(fileName: string, text: string, threads?: number): Promise<LoadedProgram> {
  const code = compileJs(fileName, text, threads);
  dir ??= mkdtempSync(join(tmpdir(), "nnc-bench-"));
  const file = join(dir, `program-${counter++}.mjs`);
  writeFileSync(file, code);
  const mod: unknown = await import(pathToFileURL(file).href);
  const createModel = typeof mod === "object" && mod !== null && "createModel" in mod ? mod.createModel : undefined;
  if (!isFactory(createModel)) throw new Error(`bench: the program compiled from ${fileName} exports no createModel`);
  return { code, createModel };
}

/** Removes the temporary programs (they are already imported). */
export function cleanupPrograms(): void {
  if (dir !== null) rmSync(dir, { recursive: true, force: true });
  dir = null;
}
