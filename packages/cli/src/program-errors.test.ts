import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.ts";
import { recordingIo } from "./io.ts";

// A standalone program (`nnc compile --target js`) reports every failure as `nnc train` does: one
// coded error, exit 1 or 2, never a raw stack.
const SPIRALS = fileURLToPath(new URL("../../../examples/spirals.nn", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nnc-program-"));
const program = join(dir, "train.mjs");

/** Runs the program; `inject` is JavaScript run first (node --import), to make its kernels fail. */
function runProgram(args: string[], inject?: string, env: Record<string, string> = {}) {
  const pre = inject === undefined ? [] : ["--import", `data:text/javascript,${encodeURIComponent(inject)}`];
  const r = spawnSync(process.execPath, [...pre, program, ...args], { cwd: dir, encoding: "utf8", timeout: 280_000, env: { ...process.env, NNC_DEBUG: "", ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** stderr after the progress line "training …": what the program said about the failure. */
function failure(err: string): string {
  return err.replace(/^training [^\n]*\n/, "");
}

describe("a compiled program's errors", () => {
  beforeAll(async () => {
    const io = recordingIo();
    expect(await runCli(["compile", SPIRALS, "--target", "js", "-o", program], io)).toBe(0);
  });

  it("a data set too large to allocate is one coded error, exit 1 or 2, no stack", () => {
    const r = runProgram(["--data", "spirals(n=1e12)", "--epochs", "1"]);
    expect([1, 2], r.err).toContain(r.code);
    expect(r.err).toMatch(/^error\[E06\d\d\]: [^\n]+\n(help: [^\n]+\n)?$/);
    expect(r.err).not.toMatch(/\n\s+at |RangeError/);
  });

  it("an exhausted call stack in a kernel is E0659, exit 1, no stack", () => {
    const r = runProgram(["--epochs", "1"], "Math.tanh = function deep(x) { return deep(x) + 1; };");
    expect(r.code, r.err).toBe(1);
    expect(failure(r.err)).toMatch(/^error\[E0659\]: the input is nested too deeply to process[^\n]*\nhelp: [^\n]+\n$/);
  });

  it("a genuine bug is one E0900 line, exit 70; NNC_DEBUG=1 adds the stack", () => {
    const bug = 'Math.tanh = () => { throw new TypeError("kernel exploded"); };';
    const r = runProgram(["--epochs", "1"], bug);
    expect(r.code).toBe(70);
    expect(failure(r.err)).toBe("error[E0900]: internal error: kernel exploded (a bug in nnc; set NNC_DEBUG=1 for the stack)\n");
    const debug = runProgram(["--epochs", "1"], bug, { NNC_DEBUG: "1" });
    expect(debug.code).toBe(70);
    expect(failure(debug.err)).toMatch(/^error\[E0900\]: internal error: kernel exploded [^\n]*\nTypeError: kernel exploded\n\s+at /);
  });

  it("--epochs and --seed out of range are usage errors (E0622, exit 2)", () => {
    expect(runProgram(["--epochs", "1e20"])).toEqual({ code: 2, out: "", err: "error[E0622]: option --epochs must be at most 1000000, got `1e20`\n" });
    expect(runProgram(["--seed", "1e300"])).toEqual({ code: 2, out: "", err: "error[E0622]: option --seed must be at most 4294967295, got `1e300`\n" });
  });
});
