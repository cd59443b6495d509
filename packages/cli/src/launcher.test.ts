import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The launcher bin/nnc.js must not leave a training process behind when it is killed: each test starts
// a long training run with --save, waits for its first checkpoint, signals the launcher, and then
// waits until no process that mentions the run's folder is left (bounded by the test's timeout).
const BIN = fileURLToPath(new URL("../bin/nnc.js", import.meta.url));
const MODEL = `dim B
model M(x: f32[B, 2]) -> (logits: f32[B, 2]) {
  param W: f32[2, 2] = glorot_uniform()
  logits = x @ W
}
train M {
  input label: i32[B]
  loss      = mean(cross_entropy(logits, label))
  optimizer = sgd(lr = 0.1)
  data      = spirals(n = 2000)
  batch     = 8
  epochs    = 1000000
}
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Pids of every process whose command line mentions `needle` (a unique temp folder). */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(needle)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** `pid` and all its descendants, from /proc/PID/task/TID/children. */
function treeOf(pid: number): number[] {
  const out = [pid];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
      if (text !== "") for (const child of text.split(/\s+/)) out.push(...treeOf(Number(child)));
    }
  } catch {
    // The process ended while we looked.
  }
  return out;
}

const isAlive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readStatus(pid));

function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return "";
  }
}

interface Run {
  readonly dir: string;
  readonly ckpt: string;
  readonly proc: ChildProcessByStdio<null, Readable, Readable>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: string;
}

/** Starts `nnc train` on a run of a million epochs and resolves once its first checkpoint exists. */
async function startTraining(): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "nnc-launcher-"));
  const model = join(dir, "long.nn");
  const ckpt = join(dir, "long.ckpt");
  writeFileSync(model, MODEL);
  const proc = spawn(process.execPath, [BIN, "train", model, "--save", ckpt], { stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on("exit", (code, signal) => {
      resolve({ code, signal });
    });
  });
  const run: Run = { dir, ckpt, proc, exited, stderr: "" };
  proc.stderr.on("data", (b: Buffer) => (run.stderr += b.toString()));
  while (!existsSync(ckpt)) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`training ended before its first checkpoint:\n${run.stderr}`);
    await sleep(50);
  }
  return run;
}

/**
 * Waits until none of `tracked` is alive and no process mentions `dir`; returns those still alive when
 * `deadline` (ms since the epoch) passed, after killing them so that a failing test leaves nothing.
 */
async function survivors(tracked: readonly number[], dir: string, deadline: number): Promise<number[]> {
  const alive = (): number[] => [...new Set([...tracked.filter(isAlive), ...processesMentioning(dir)])];
  let left = alive();
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(50);
    left = alive();
  }
  for (const pid of left) process.kill(pid, "SIGKILL");
  return left;
}

describe("bin/nnc.js process lifetime", () => {
  it("SIGKILL to the launcher leaves no process of the run and no later checkpoint", async () => {
    const run = await startTraining();
    const tracked = treeOf(run.proc.pid!);
    run.proc.kill("SIGKILL");
    const killedAt = Date.now();
    expect((await run.exited).signal).toBe("SIGKILL");
    expect(await survivors(tracked, run.dir, Date.now() + 60_000)).toEqual([]);
    // Once no process is left, nothing can write: the last checkpoint was written before the kill.
    expect(statSync(run.ckpt).mtimeMs).toBeLessThanOrEqual(killedAt);
  });

  it("dies of SIGINT and SIGTERM itself, as the shell expects, leaving nothing behind", async () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const run = await startTraining();
      const tracked = treeOf(run.proc.pid!);
      run.proc.kill(signal);
      expect(await run.exited).toEqual({ code: null, signal });
      expect(await survivors(tracked, run.dir, Date.now() + 60_000)).toEqual([]);
    }
  });
});
