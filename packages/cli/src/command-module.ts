import type { Command } from "commander";
import type { CliIo } from "./io.ts";

/** Exit statuses of `nnc`; documented in docs/cli.md. */
export const EXIT = {
  ok: 0,
  /** The program has errors (diagnostics with severity "error"). */
  programErrors: 1,
  /** Bad usage, or an input file that cannot be read. */
  usage: 2,
  /** A bug in nnc (an internal compiler error, E0900); EX_SOFTWARE from sysexits.h. */
  internal: 70,
} as const;

export interface CliContext {
  readonly io: CliIo;
  /** Whether to colour what is written to `stream`, after `--color`, FORCE_COLOR and NO_COLOR. */
  color(stream: "stdout" | "stderr"): boolean;
  /** The command line after `nnc`, for reproducing a run in a bug report. */
  readonly argv: readonly string[];
  /** The file a command is compiling right now; an internal compiler error report names it. */
  currentFile: string | undefined;
  /**
   * The command was given `--json`: problems are reported as one JSON line `{"diagnostics": […]}` on
   * stdout instead of text on stderr (see report.ts). Set by the frame before the command runs.
   */
  json: boolean;
}

/**
 * One `nnc` subcommand. A new command is one file in src/commands/ exporting such a module, plus its
 * entry in src/commands/index.ts; the frame adds the description, the examples to `--help`, error
 * handling and exit codes.
 */
export interface CommandModule {
  readonly name: string;
  /** One line, shown by `nnc --help`. */
  readonly summary: string;
  /** Command lines shown under "Examples:" by `nnc NAME --help`, each with a comment. */
  readonly examples: readonly (readonly [command: string, comment: string])[];
  /** Declares the command's arguments and options. */
  configure(cmd: Command): void;
  /** Runs the command with the parsed `cmd.processedArgs` and `cmd.opts()`; returns the exit status. */
  run(cmd: Command, ctx: CliContext): Promise<number> | number;
}
