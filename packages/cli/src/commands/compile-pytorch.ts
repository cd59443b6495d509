/** `nnc compile --target pytorch`: one Python program (nn.Module, training loop, DDP under torchrun). */
import { compilePytorch } from "@nnc/compiler/node";
import { EXIT, type CliContext } from "../command-module.ts";
import { readSource } from "../read-source.ts";
import { reportDiagnostics } from "../report.ts";
import { nncVersion } from "../version.ts";

export interface PytorchFileOptions {
  readonly dtype: "f32" | "f64";
  readonly model?: string;
  /** From the program's folder to FILE's folder (programDataDir). */
  readonly dataDir: string;
}

/** The ts/js-only options of `nnc compile` given with `--target pytorch` (a usage error), as a message; undefined when none. */
export function pytorchOptionConflict(o: { readonly maxMemory?: string; readonly singleFile?: boolean }): string | undefined {
  const given = [...(o.maxMemory === undefined ? [] : ["--max-memory"]), ...(o.singleFile === true ? ["--single-file"] : [])];
  if (given.length === 0) return undefined;
  return `${given.join(" and ")} ${given.length === 1 ? "applies" : "apply"} to the ts and js targets, not pytorch (the PyTorch program is one file; torch allocates its own memory)`;
}

/** Reads and compiles FILE to a PyTorch program; prints diagnostics; on failure gives the exit status. */
export async function pytorchProgram(ctx: CliContext, file: string, o: PytorchFileOptions): Promise<{ readonly ok: true; readonly code: string } | { readonly ok: false; readonly exit: number }> {
  const read = readSource(file);
  if (!read.ok) {
    reportDiagnostics(ctx, file, [read.diagnostic], new Map(), "compile");
    return { ok: false, exit: EXIT.usage };
  }
  ctx.currentFile = file;
  const result = await compilePytorch(read.text, { fileName: file, dtype: o.dtype, dataDir: o.dataDir, version: nncVersion(), ...(o.model === undefined ? {} : { model: o.model }) });
  ctx.currentFile = undefined;
  reportDiagnostics(ctx, file, result.diagnostics, new Map([[file, result.source]]), "compile");
  return result.code === undefined ? { ok: false, exit: EXIT.programErrors } : { ok: true, code: result.code };
}
