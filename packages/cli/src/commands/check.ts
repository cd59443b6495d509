import { hasErrors, renderDiagnostics, renderSummary, terminalText, type Diagnostic, type SourceFile } from "@nnc/diagnostics";
import { EXIT, type CommandModule } from "../command-module.ts";
import { compile, type ModelMemory } from "@nnc/compiler/node";
import { defaultMemoryLimit } from "@nnc/runtime";
import { memoryJson, memoryLine, memoryWarning } from "./check-memory.ts";
import { parseMaxMemory } from "./max-memory.ts";
import { diagnosticJson } from "../diagnostic-json.ts";
import { readSource } from "../read-source.ts";

/** `  Net: buffers bn.mean_run f32[16] (next), mask bool[8, 8]` — non-trainable state, `(next)` when a training step updates it. */
function bufferLine(m: { readonly name: string; readonly buffers?: readonly { name: string; dtype: string; shape: readonly (number | string)[]; updated: boolean }[] }): string {
  if (m.buffers === undefined || m.buffers.length === 0) return "";
  const shown = m.buffers.map((b) => `${b.name} ${b.dtype}[${b.shape.join(", ")}]${b.updated ? " (next)" : ""}`);
  return `  ${m.name}: buffers ${shown.join(", ")}\n`;
}

interface CheckOptions {
  readonly json?: boolean;
  readonly maxMemory?: string;
}

interface FileReport {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly source?: SourceFile;
  readonly models: readonly Parameters<typeof bufferLine>[0][];
  /** Each model's size, by name; empty when the file has errors. */
  readonly memory: ReadonlyMap<string, ModelMemory>;
  readonly unreadable: boolean;
}

function modelList(models: FileReport["models"]): string {
  if (models.length === 0) return "";
  return ` (${models.length === 1 ? "model" : "models"} ${models.map((m) => m.name).join(", ")})`;
}

export const checkCommand: CommandModule = {
  name: "check",
  summary: "parse and type-check .nn files and report every problem found",
  examples: [
    ["nnc check examples/mnist-mlp.nn", "diagnostics on stderr; exit 1 if the program has errors"],
    ["nnc check examples/*.nn", "several files at once"],
    ["nnc check --json model.nn", "diagnostics and model signatures as JSON on stdout"],
  ],
  configure(cmd) {
    cmd
      .argument("<files...>", ".nn source files to check")
      .option("--json", "print { diagnostics, models } as JSON on stdout instead of text")
      .option("--max-memory <size>", "warn when a model's planned training memory exceeds SIZE (default: half of this machine's memory, at most 4G)");
  },
  run(cmd, ctx) {
    const files = cmd.processedArgs[0] as string[];
    const opts = cmd.opts<CheckOptions>();
    const maxMemory = parseMaxMemory(ctx, opts.maxMemory);
    if (typeof maxMemory === "object") return maxMemory.exit;
    const limit = maxMemory ?? defaultMemoryLimit();
    const reports: FileReport[] = files.map((file) => {
      const read = readSource(file);
      if (!read.ok) return { file, diagnostics: [read.diagnostic], models: [], memory: new Map(), unreadable: true };
      ctx.currentFile = file;
      // Sizes of a program without errors: its generated program's buffer plan at the train section's batch.
      const result = compile(read.text, { fileName: file, checkOnly: true, memory: true });
      const memory = result.memory ?? new Map<string, ModelMemory>();
      const warnings = (result.lowered ?? []).flatMap((m) => memoryWarning(m, memory.get(m.name)!, limit) ?? []);
      ctx.currentFile = undefined;
      return { file, diagnostics: [...read.diagnostics, ...result.diagnostics, ...warnings], source: result.source, models: result.models ?? [], memory, unreadable: false };
    });
    if (opts.json === true) {
      const models = reports.flatMap((r) =>
        r.models.map((m) => {
          const mem = r.memory.get(m.name);
          return mem === undefined ? m : { ...m, memory: memoryJson(mem) };
        }),
      );
      const json = { diagnostics: reports.flatMap((r) => r.diagnostics.map(diagnosticJson)), models };
      ctx.io.stdout(JSON.stringify(json, null, 2) + "\n");
    } else {
      const color = ctx.color("stderr");
      for (const r of reports) {
        const sources = new Map(r.source === undefined ? [] : [[r.file, r.source]]);
        const summary = r.unreadable ? "" : renderSummary(r.file, r.diagnostics, { color, action: "check" });
        // A blank line separates the last code frame from the summary, as between frames.
        if (r.diagnostics.length > 0) ctx.io.stderr(renderDiagnostics(r.diagnostics, sources, { color }) + (summary === "" ? "" : "\n"));
        ctx.io.stderr(summary);
        if (!r.unreadable && !hasErrors(r.diagnostics)) ctx.io.stdout(`${terminalText(r.file)}: ok${modelList(r.models)}\n${[...r.memory].map(([name, m]) => memoryLine(name, m)).join("")}${r.models.map(bufferLine).join("")}`);
      }
    }
    if (reports.some((r) => r.unreadable)) return EXIT.usage;
    return reports.some((r) => hasErrors(r.diagnostics)) ? EXIT.programErrors : EXIT.ok;
  },
};
