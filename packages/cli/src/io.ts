import { offerRelaxedSimd } from "@nnc/runtime";
import { StdoutGuard } from "./stdout-guard.ts";

/** Where the CLI writes, and what it knows about its environment; tests substitute a recording one. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Called before a generated program is loaded to run in this process (train, predict, sample): the
   * process's engine made ready for it. nodeIo turns on relaxed SIMD where V8 can (@nnc/runtime
   * relaxed-simd.ts); a test's io has none, leaving its worker's engine as it is. Not earlier: a V8
   * flag changed before the CLI's own parts load would make V8 reject their code caches.
   */
  readonly prepareEngine?: () => void;
}

export type ColorMode = "auto" | "always" | "never";

/**
 * Colour policy: `--color always|never` wins; otherwise FORCE_COLOR (set and not "0") forces colour,
 * NO_COLOR (set and non-empty, per no-color.org) disables it, and else colour follows whether the
 * stream is a terminal.
 */
export function shouldColor(mode: ColorMode, isTTY: boolean, env: CliIo["env"]): boolean {
  if (mode !== "auto") return mode === "always";
  const force = env["FORCE_COLOR"];
  if (force !== undefined && force !== "0" && force !== "false") return true;
  const no = env["NO_COLOR"];
  if (no !== undefined && no !== "") return false;
  return isTTY;
}

/** The process's streams; every stdout write goes through `stdout` (a StdoutGuard), which checks it. */
export function nodeIo(stdout: StdoutGuard = new StdoutGuard(process.stdout)): CliIo {
  return {
    stdout: (text) => {
      stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY,
    stderrIsTTY: process.stderr.isTTY,
    env: process.env,
    prepareEngine: () => {
      offerRelaxedSimd();
    },
  };
}

/** An in-memory CliIo for tests: everything written is kept in `out` and `err`. */
export function recordingIo(env: CliIo["env"] = {}, isTTY = false): CliIo & { readonly out: string[]; readonly err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stdoutIsTTY: isTTY,
    stderrIsTTY: isTTY,
    env,
  };
}
