import { Command, CommanderError, Option } from "commander";
import { diagnostic, terminalLines } from "@nnc/diagnostics";
import { DataError, engineLimitError } from "@nnc/runtime";
import { EXIT, type CliContext, type CommandModule } from "./command-module.ts";
import { commandsFor } from "./commands/registry.ts";
import { diagnosticsLine } from "./diagnostic-json.ts";
import { internalErrorDiagnostic, renderInternalError } from "./internal-error.ts";
import { shouldColor, type CliIo, type ColorMode } from "./io.ts";
import { fileSpan } from "./read-source.ts";
import { argumentSpan, COMMAND_LINE, reportDiagnostics, runtimeCode } from "./report.ts";
import { nncVersion } from "./version.ts";

/** `--help` stays readable in a 100-column terminal: no example line is wider, unless its command is. */
const HELP_COLUMNS = 100;
/** Commands up to this long share one comment column; a longer one puts its comment below it. */
const COMMAND_COLUMN = 48;

/** `text` broken at spaces into lines of at most `width` characters (a longer word stays whole). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/**
 * The examples, `  $ COMMAND  # comment`: comments of short commands aligned in one column; a command
 * longer than COMMAND_COLUMN, or a line that would pass HELP_COLUMNS, has its comment on the lines
 * below, wrapped.
 */
export function examplesHelp(examples: CommandModule["examples"]): string {
  if (examples.length === 0) return "";
  const width = Math.max(0, ...examples.map(([c]) => c.length).filter((n) => n <= COMMAND_COLUMN));
  const lines = examples.flatMap(([c, comment]) => {
    const line = `  $ ${c.padEnd(width)}  # ${comment}`;
    if (c.length <= width && line.length <= HELP_COLUMNS) return [line];
    const indent = "      # ";
    return [`  $ ${c}`, ...wrapWords(comment, HELP_COLUMNS - indent.length).map((t) => indent + t)];
  });
  return `\nExamples:\n${lines.join("\n")}\n`;
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

/**
 * Commander's own usage errors ("error: unknown option '--jsn'\n(Did you mean --json?)\n") get code
 * E0610: in text as `error[E0610]: …` on stderr; with `--json`, as one JSON diagnostic on stdout.
 */
function usageErrorOutput(io: CliIo, json: boolean): (text: string, write: (text: string) => void) => void {
  return (text, write) => {
    const message = text.replace(/^error: /, "").trimEnd();
    if (!json) write(`error[E0610]: ${terminalLines(message)}\n`);
    else io.stdout(diagnosticsLine([diagnostic("E0610", message.replaceAll("\n", " "), argumentSpan(COMMAND_LINE, ""))]));
  };
}

/** Whether `argv` asks for JSON (`--json` before any `--`): then even usage errors are JSON. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

function buildProgram(io: CliIo, ctx: CliContext, commands: readonly CommandModule[], setExit: (code: number) => void): Command {
  const json = wantsJson(ctx.argv);
  const program = new Command("nnc")
    .description("nnc: a compiler for shape-typed neural network descriptions (.nn)")
    .version(`nnc ${nncVersion()}`, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show help (`nnc COMMAND --help` for a command)")
    .addOption(new Option("--color <when>", "colour output: auto, always or never").choices(["auto", "always", "never"]).default("auto"))
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError(json ? false : "(run `nnc --help` for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: usageErrorOutput(io, json) })
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
  ctx.json = cmd.opts<{ json?: unknown }>().json === true;
  try {
    return await mod.run(cmd, ctx);
  } catch (error) {
    if (error instanceof CommanderError) throw error;
    // A dependency missing from nnc's install (E0612) is the installation's problem, not a bug: exit 2.
    if (error instanceof DataError && error.code === "E0612") {
      reportDiagnostics(ctx, COMMAND_LINE, [diagnostic("E0612", error.message, fileSpan(COMMAND_LINE), error.help === undefined ? {} : { help: error.help })], new Map());
      return EXIT.usage;
    }
    // The engine's size and depth limits (E0658, E0659) are properties of the input, not bugs.
    const limit = engineLimitError(error, null);
    if (limit === undefined) return reportInternalError(error, ctx);
    const file = limit.file ?? ctx.currentFile ?? COMMAND_LINE;
    reportDiagnostics(ctx, file, [diagnostic(runtimeCode(limit.code), limit.message, fileSpan(file), limit.help === undefined ? {} : { help: limit.help })], new Map());
    return EXIT.programErrors;
  }
}

/** E0900, exit 70: as text on stderr, or with --json as a JSON diagnostic on stdout (the stack, if asked, on stderr). */
function reportInternalError(error: unknown, ctx: CliContext): number {
  const debug = ctx.io.env["NNC_DEBUG"] === "1";
  const report = { error, file: ctx.currentFile, argv: ctx.argv, debug, color: ctx.color("stderr") };
  if (!ctx.json) {
    ctx.io.stderr(renderInternalError(report));
    return EXIT.internal;
  }
  ctx.io.stdout(diagnosticsLine([internalErrorDiagnostic(report)]));
  if (debug && error instanceof Error && error.stack !== undefined) ctx.io.stderr(`${terminalLines(error.stack)}\n`);
  return EXIT.internal;
}

/**
 * Runs `nnc` with `argv` (the words after `nnc`) and returns the exit status. Never throws and never
 * exits the process: usage errors give 2, an exception escaping a command gives 70 (E0900).
 * `commands` defaults to those `argv` needs (registry.ts: the one it names, else all).
 */
export async function runCli(argv: readonly string[], io: CliIo, commands?: readonly CommandModule[]): Promise<number> {
  let exit: number = EXIT.ok;
  let program: Command | undefined;
  const ctx: CliContext = {
    io,
    argv,
    currentFile: undefined,
    json: false,
    color(stream) {
      const mode = (program?.opts<{ color?: ColorMode }>().color ?? "auto");
      return shouldColor(mode, stream === "stdout" ? io.stdoutIsTTY : io.stderrIsTTY, io.env);
    },
  };
  try {
    program = buildProgram(io, ctx, commands ?? (await commandsFor(argv)), (code) => (exit = code));
    await program.parseAsync([...argv], { from: "user" });
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportInternalError(error, ctx);
  }
}
