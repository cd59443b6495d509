import { hasErrors, renderDiagnostics, renderSummary, type Diagnostic, type SourceFile } from "@nnc/diagnostics";
import { EXIT, type CommandModule } from "../command-module.ts";
import { checkSource } from "@nnc/compiler";
import { diagnosticJson } from "../diagnostic-json.ts";
import { readSource } from "../read-source.ts";

interface CheckOptions {
  readonly json?: boolean;
}

interface FileReport {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly source?: SourceFile;
  readonly models: readonly { readonly name: string }[];
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
    cmd.argument("<files...>", ".nn source files to check").option("--json", "print { diagnostics, models } as JSON on stdout instead of text");
  },
  run(cmd, ctx) {
    const files = cmd.processedArgs[0] as string[];
    const opts = cmd.opts<CheckOptions>();
    const reports: FileReport[] = files.map((file) => {
      const read = readSource(file);
      if (!read.ok) return { file, diagnostics: [read.diagnostic], models: [], unreadable: true };
      ctx.currentFile = file;
      const result = checkSource(file, read.text);
      ctx.currentFile = undefined;
      return { file, diagnostics: [...read.diagnostics, ...result.diagnostics], source: result.source, models: result.models, unreadable: false };
    });
    if (opts.json === true) {
      const json = { diagnostics: reports.flatMap((r) => r.diagnostics.map(diagnosticJson)), models: reports.flatMap((r) => r.models) };
      ctx.io.stdout(JSON.stringify(json, null, 2) + "\n");
    } else {
      const color = ctx.color("stderr");
      for (const r of reports) {
        const sources = new Map(r.source === undefined ? [] : [[r.file, r.source]]);
        const summary = r.unreadable ? "" : renderSummary(r.file, r.diagnostics, { color, action: "check" });
        // A blank line separates the last code frame from the summary, as between frames.
        if (r.diagnostics.length > 0) ctx.io.stderr(renderDiagnostics(r.diagnostics, sources, { color }) + (summary === "" ? "" : "\n"));
        ctx.io.stderr(summary);
        if (!r.unreadable && !hasErrors(r.diagnostics)) ctx.io.stdout(`${r.file}: ok${modelList(r.models)}\n`);
      }
    }
    if (reports.some((r) => r.unreadable)) return EXIT.usage;
    return reports.some((r) => hasErrors(r.diagnostics)) ? EXIT.programErrors : EXIT.ok;
  },
};
