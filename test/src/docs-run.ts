/**
 * Running a transcript's command in a page's temporary folder: `nnc …` / `npx nnc …` without shell
 * syntax runs the CLI in-process (no Node start-up per command); anything else runs in bash with
 * stderr merged into stdout, as a terminal shows both.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCli, type CliIo } from "@nnc/cli";
import { repoRoot } from "./docs-blocks.ts";
import { torchPython } from "./torch-python.ts";

export interface Ran {
  readonly status: number;
  readonly output: string;
}

/** A fresh folder holding a copy of examples/ and a link to the repository's node_modules. */
export function pageFolder(files: ReadonlyMap<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "nnc-docs-"));
  cpSync(join(repoRoot, "examples"), join(dir, "examples"), { recursive: true });
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  for (const [name, text] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text.endsWith("\n") ? text : `${text}\n`);
  }
  return dir;
}

/** The words of a plain command line (quotes, no expansions), without a trailing `# comment`; undefined when it needs a shell. */
export function plainWords(command: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === "'" || c === '"') {
      const close = command.indexOf(c, i + 1);
      if (close < 0) return undefined;
      const inner = command.slice(i + 1, close);
      if (c === '"' && /[$`\\]/.test(inner)) return undefined;
      word = (word ?? "") + inner;
      i = close;
    } else if (c === " " || c === "\t") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "#" && word === undefined) {
      break;
    } else if ("|&;<>$`()\\*?[]{}~".includes(c)) {
      return undefined;
    } else word = (word ?? "") + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The CLI's arguments when the command is a plain `nnc …` or `npx nnc …`. */
export function nncArgs(command: string): string[] | undefined {
  const words = plainWords(command);
  if (words === undefined) return undefined;
  const at = words[0] === "npx" ? 1 : 0;
  return words[at] === "nnc" ? words.slice(at + 1) : undefined;
}

/** Runs one command in `dir` (the process's working directory must already be `dir` for in-process runs). */
export async function runCommand(command: string, dir: string): Promise<Ran> {
  const args = nncArgs(command);
  if (args !== undefined) {
    const chunks: string[] = [];
    const io: CliIo = { stdout: (t) => chunks.push(t), stderr: (t) => chunks.push(t), stdoutIsTTY: false, stderrIsTTY: false, env: { NO_COLOR: "1" } };
    const status = await runCli(args, io);
    return { status, output: chunks.join("") };
  }
  // `python3` and `torchrun` are the ones beside the Python that has PyTorch (as a reader's would be).
  const python = /\b(?:python3|torchrun)\b/.test(command) ? [dirname(torchPython())] : [];
  const path = [join(repoRoot, "node_modules", ".bin"), ...python, process.env["PATH"] ?? ""].join(":");
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", OMP_NUM_THREADS: "1", PATH: path };
  delete env["FORCE_COLOR"];
  const line = python.length > 0 ? command.replace(/^python3(?= )/, torchPython()) : command;
  const run = spawnSync("bash", ["-c", `exec 2>&1\n${line}`], { cwd: dir, env, encoding: "utf8", timeout: 240_000 });
  if (run.error) throw run.error;
  return { status: run.status ?? 128, output: run.stdout };
}
