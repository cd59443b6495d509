import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { EXIT, type CliContext, type CommandModule } from "./command-module.ts";
import { COMMANDS } from "./commands/index.ts";
import { renderInternalError } from "./internal-error.ts";
import { shouldColor, type CliIo, type ColorMode } from "./io.ts";

function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string" ? pkg.version : "unknown";
}

function examplesHelp(examples: CommandModule["examples"]): string {
  if (examples.length === 0) return "";
  const width = Math.max(...examples.map(([c]) => c.length));
  return `\nExamples:\n${examples.map(([c, comment]) => `  $ ${c.padEnd(width)}  # ${comment}`).join("\n")}\n`;
}

const ROOT_HELP = `
Exit status:
  0   no errors (warnings allowed)
  1   the program has errors
  2   bad usage, or an input file cannot be read
  70  internal compiler error (a bug in nnc; set NNC_DEBUG=1 for the stack trace)

Environment:
  NO_COLOR=1     no colour        FORCE_COLOR=1  colour even when not a terminal
  NNC_DEBUG=1    print stack traces of internal compiler errors
`;

function buildProgram(io: CliIo, ctx: CliContext, commands: readonly CommandModule[], setExit: (code: number) => void): Command {
  const program = new Command("nnc")
    .description("nnc: a compiler for shape-typed neural network descriptions (.nn)")
    .version(`nnc ${version()}`, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show help (`nnc COMMAND --help` for a command)")
    .addOption(new Option("--color <when>", "colour output: auto, always or never").choices(["auto", "always", "never"]).default("auto"))
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError("(run `nnc --help` for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText("after", examplesHelp(commands.flatMap((c) => c.examples.slice(0, 1))) + ROOT_HELP);
  for (const mod of commands) {
    const cmd = program.command(mod.name).description(mod.summary).helpOption("-h, --help", "show help for this command");
    mod.configure(cmd);
    cmd.addHelpText("after", examplesHelp(mod.examples));
    cmd.action(async () => {
      setExit(await runGuarded(mod, cmd, ctx));
    });
  }
  return program;
}

async function runGuarded(mod: CommandModule, cmd: Command, ctx: CliContext): Promise<number> {
  try {
    return await mod.run(cmd, ctx);
  } catch (error) {
    if (error instanceof CommanderError) throw error;
    return reportInternalError(error, ctx);
  }
}

function reportInternalError(error: unknown, ctx: CliContext): number {
  const debug = ctx.io.env["NNC_DEBUG"] === "1";
  ctx.io.stderr(renderInternalError({ error, file: ctx.currentFile, argv: ctx.argv, debug, color: ctx.color("stderr") }));
  return EXIT.internal;
}

/**
 * Runs `nnc` with `argv` (the words after `nnc`) and returns the exit status. Never throws and never
 * exits the process: usage errors give 2, an exception escaping a command gives 70 (E0900).
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CommandModule[] = COMMANDS): Promise<number> {
  let exit: number = EXIT.ok;
  let program: Command | undefined;
  const ctx: CliContext = {
    io,
    argv,
    currentFile: undefined,
    color(stream) {
      const mode = (program?.opts<{ color?: ColorMode }>().color ?? "auto");
      return shouldColor(mode, stream === "stdout" ? io.stdoutIsTTY : io.stderrIsTTY, io.env);
    },
  };
  try {
    program = buildProgram(io, ctx, commands, (code) => (exit = code));
    await program.parseAsync([...argv], { from: "user" });
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportInternalError(error, ctx);
  }
}
