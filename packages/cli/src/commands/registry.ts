import type { CommandModule } from "../command-module.ts";

/**
 * Every `nnc` subcommand, in the order `nnc --help` lists them, each loaded on demand: a command line
 * that names one command loads only that command's module (`nnc check` never loads the ONNX exporter
 * or the language server). A new command adds one line here; commands/index.ts lists them loaded.
 */
export const COMMAND_LOADERS: readonly (readonly [name: string, load: () => Promise<CommandModule>])[] = [
  ["check", async () => (await import("./check.ts")).checkCommand],
  ["compile", async () => (await import("./compile.ts")).compileCommand],
  ["export", async () => (await import("./export.ts")).exportCommand],
  ["train", async () => (await import("./train.ts")).trainCommand],
  ["predict", async () => (await import("./predict.ts")).predictCommand],
  ["sample", async () => (await import("./sample.ts")).sampleCommand],
  ["ir", async () => (await import("./ir.ts")).irCommand],
  ["graph", async () => (await import("./graph.ts")).graphCommand],
  ["grad", async () => (await import("./grad.ts")).gradCommand],
  ["eval", async () => (await import("./eval.ts")).evalCommand],
  ["jacobian", async () => (await import("./jacobian.ts")).jacobianCommand],
  ["fmt", async () => (await import("./fmt.ts")).fmtCommand],
  ["lsp", async () => (await import("./lsp.ts")).lspCommand],
  ["explain", async () => (await import("./explain.ts")).explainCommand],
];

/** Every command, loaded, in `nnc --help` order. */
export async function loadAllCommands(): Promise<CommandModule[]> {
  return Promise.all(COMMAND_LOADERS.map(([, load]) => load()));
}

/** Root options that answer for the whole program (`nnc --help check` prints the root help). */
const ROOT_ANSWERS = new Set(["-h", "--help", "-V", "--version"]);

/**
 * The command word of `argv`: its first word that is not an option or the value of `--color` (the one
 * root option with a value). Undefined when there is none, or a root `--help`/`--version` comes first.
 */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") return argv[i + 1];
    if (ROOT_ANSWERS.has(word)) return undefined;
    if (word === "--color") i++;
    else if (!word.startsWith("-")) return word;
  }
  return undefined;
}

/**
 * The commands `argv` needs: the one it names, or all of them (root `--help`, no command, an unknown
 * command and its "did you mean" suggestion need every name and summary).
 */
export async function commandsFor(argv: readonly string[]): Promise<CommandModule[]> {
  const word = commandWord(argv);
  const entry = COMMAND_LOADERS.find(([name]) => name === word);
  return entry === undefined ? loadAllCommands() : [await entry[1]()];
}
