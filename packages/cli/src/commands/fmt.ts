import { hasErrors, SourceFile, terminalText, type Diagnostic } from "@nnc/diagnostics";
import { formatSource } from "@nnc/compiler";
import { atomicWrite } from "@nnc/runtime";
import { EXIT, type CliContext, type CommandModule } from "../command-module.ts";
import { fileStep } from "../file-step.ts";
import { readSource, type ReadResult } from "../read-source.ts";
import { reportDiagnostics } from "../report.ts";
import { readStdinSource, STDIN_NAME } from "../stdin-source.ts";
import { unifiedDiff } from "./fmt-diff.ts";

interface FmtOptions {
  readonly check?: boolean;
}

/** What formatting one file came to; "-" is standard input. */
type Outcome = "unchanged" | "changed" | "errors" | "unreadable" | "unwritable";

function readInput(ctx: CliContext, file: string, name: string): Extract<ReadResult, { ok: true }> | undefined {
  const read = file === "-" ? readStdinSource() : readSource(file);
  if (read.ok) return read;
  reportDiagnostics(ctx, name, [read.diagnostic], new Map());
  return undefined;
}

function formatOne(ctx: CliContext, file: string, check: boolean): Outcome {
  const name = file === "-" ? STDIN_NAME : file;
  const read = readInput(ctx, file, name);
  if (read === undefined) return "unreadable";
  const result = formatSource(read.text, name);
  const problems: Diagnostic[] = [...read.diagnostics, ...(result.ok ? [] : result.diagnostics)];
  if (hasErrors(problems)) {
    const sources = new Map<string, SourceFile>([[name, result.ok ? new SourceFile(name, read.text) : result.source]]);
    reportDiagnostics(ctx, name, problems, sources, "format");
    return "errors";
  }
  if (!result.ok) return "errors";
  if (check) {
    if (result.changed) ctx.io.stdout(unifiedDiff(name, read.text, result.text));
    return result.changed ? "changed" : "unchanged";
  }
  if (file === "-") {
    ctx.io.stdout(result.text);
    return result.changed ? "changed" : "unchanged";
  }
  // A file already in the canonical layout is not rewritten (so a read-only one is no error).
  if (!result.changed) return "unchanged";
  if (!fileStep(ctx, file, "format", () => { atomicWrite(file, [result.text], []); })) return "unwritable";
  ctx.io.stderr(`formatted ${terminalText(file)}\n`);
  return "changed";
}

export const fmtCommand: CommandModule = {
  name: "fmt",
  summary: "format .nn files in the one canonical layout (in place; --check only reports)",
  examples: [
    ["nnc fmt examples/mnist-mlp.nn", "rewrite the file in place if its layout is not canonical"],
    ["nnc fmt --check examples/*.nn", "write nothing; print a diff and exit 1 if a file would change"],
    ["nnc fmt - < model.nn", "format standard input to standard output"],
  ],
  configure(cmd) {
    cmd
      .argument("<files...>", ".nn source files to format, or - for standard input (to standard output)")
      .option("--check", "write nothing: print a unified diff for each file that is not formatted and exit 1");
  },
  run(cmd, ctx) {
    const files = cmd.processedArgs[0] as string[];
    const check = cmd.opts<FmtOptions>().check === true;
    const outcomes = files.map((file) => formatOne(ctx, file, check));
    if (outcomes.includes("unreadable")) return EXIT.usage;
    if (outcomes.includes("errors") || outcomes.includes("unwritable")) return EXIT.programErrors;
    if (check && outcomes.includes("changed")) {
      const n = outcomes.filter((o) => o === "changed").length;
      ctx.io.stderr(`${n === 1 ? "1 file is" : `${n} files are`} not formatted; run \`nnc fmt\` on ${n === 1 ? "it" : "them"}\n`);
      return EXIT.programErrors;
    }
    return EXIT.ok;
  },
};
