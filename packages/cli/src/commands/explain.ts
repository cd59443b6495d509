import { CODES, codeInfo, terminalLines } from "@nnc/diagnostics";
import { EXIT, type CliContext, type CommandModule } from "../command-module.ts";
import { suggestCode } from "../code-suggest.ts";

interface ExplainOptions {
  readonly list?: boolean;
}

const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

/** Accepts `E0201`, `e0201` and `0201`/`201` for E0201. */
export function normalizeCode(raw: string): string {
  const m = /^E?(\d{1,4})$/i.exec(raw.trim());
  return m?.[1] === undefined ? raw.trim().toUpperCase() : `E${m[1].padStart(4, "0")}`;
}

function usageError(ctx: CliContext, message: string, help: string): number {
  ctx.io.stderr(`error[E0610]: ${terminalLines(message)}\nhelp: ${terminalLines(help)}\n`);
  return EXIT.usage;
}

function sortedCodes(): string[] {
  return Object.keys(CODES).sort();
}

export const explainCommand: CommandModule = {
  name: "explain",
  summary: "print the long explanation of a diagnostic code",
  examples: [
    ["nnc explain E0601", "what the error means, a wrong example, and the fix"],
    ["nnc explain --list", "every code with its title"],
  ],
  configure(cmd) {
    cmd.argument("[code]", "a diagnostic code such as E0601").option("--list", "list every code with its one-line title");
  },
  run(cmd, ctx) {
    const raw = cmd.processedArgs[0] as string | undefined;
    const opts = cmd.opts<ExplainOptions>();
    const bold = (t: string): string => (ctx.color("stdout") ? `${BOLD}${t}${RESET}` : t);
    if (opts.list === true) {
      if (raw !== undefined) return usageError(ctx, "give either a code or --list, not both", "`nnc explain --list` or `nnc explain E0601`");
      const lines = sortedCodes().map((c) => `${bold(c)}  ${codeInfo(c)?.title ?? ""}`);
      ctx.io.stdout(lines.join("\n") + "\n");
      return EXIT.ok;
    }
    if (raw === undefined) return usageError(ctx, "missing the code to explain", "`nnc explain E0601`; `nnc explain --list` lists all codes");
    const code = normalizeCode(raw);
    const info = codeInfo(code);
    if (info === undefined) {
      const guess = suggestCode(code, sortedCodes());
      const help = guess === undefined ? "`nnc explain --list` lists all codes" : `did you mean \`${guess}\`? (\`nnc explain --list\` lists all codes)`;
      return usageError(ctx, `unknown diagnostic code \`${raw}\``, help);
    }
    ctx.io.stdout(`${bold(`${code}: ${info.title}`)}\n\n${info.explanation.trimEnd()}\n`);
    return EXIT.ok;
  },
};
