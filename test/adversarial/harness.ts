/**
 * The adversarial suite's harness: runs `nnc` as a hostile user would (in-process for speed, or as the
 * real executable under a memory watchdog for resource bombs) and states what every attack must yield:
 * exit 1 or 2, a coded diagnostic, no stack trace, no internal error, no file changed that should not
 * be, no code executed.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = join(REPO, "packages", "cli", "bin", "nnc.js");

export interface Outcome {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

/** `nnc ARGS` in this process, colour off. */
export async function nnc(args: readonly string[]): Promise<Outcome> {
  const io = recordingIo({ NO_COLOR: "1" });
  const status = await runCli(args, io);
  return { status, out: io.out.join(""), err: io.err.join("") };
}

const scratchDirs: string[] = [];
afterAll(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder for one attack, removed after the test file that asked for it. */
export function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `nnc-adv-${prefix}-`));
  scratchDirs.push(dir);
  return dir;
}

/** A JavaScript stack frame, as Node prints them (`    at f (file.js:1:2)`). */
const STACK_FRAME = /^\s+at .*(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m;
const CODE = /\berror\[E(\d{4})\]/;
const JSON_CODE = /"code":\s*"E(\d{4})"/;

/**
 * The attack was refused cleanly: exit 1 or 2, at least one coded diagnostic (text or JSON), never the
 * internal-error code E0900, no stack frame and no raw JavaScript error name. Returns the first code.
 */
export function expectCleanFailure(o: Outcome, expectedCodes?: readonly string[]): string {
  const text = `${o.err}\n${o.out}`;
  const context = `exit ${o.status}\nstderr:\n${o.err.slice(0, 3000)}\nstdout:\n${o.out.slice(0, 1000)}`;
  expect([1, 2], context).toContain(o.status);
  expect(text, context).not.toMatch(STACK_FRAME);
  expect(text, context).not.toContain("E0900");
  expect(text, context).not.toMatch(/\b(?:RangeError|TypeError|ReferenceError|SyntaxError|InternalError)\b: /);
  const m = CODE.exec(text) ?? JSON_CODE.exec(text);
  expect(m, `no coded diagnostic in:\n${context}`).not.toBeNull();
  const code = `E${m![1]!}`;
  if (expectedCodes !== undefined) expect(expectedCodes, context).toContain(code);
  return code;
}

/** Whatever happened, it was not a crash: exit 0, 1 or 2 and no stack trace or internal error. */
export function expectNoCrash(o: Outcome): void {
  const text = `${o.err}\n${o.out}`;
  const context = `exit ${o.status}\nstderr:\n${o.err.slice(0, 3000)}`;
  expect([0, 1, 2], context).toContain(o.status);
  expect(text, context).not.toMatch(STACK_FRAME);
  expect(text, context).not.toContain("E0900");
}

export interface Entry {
  readonly kind: "file" | "dir" | "link" | "fifo" | "char" | "block" | "socket";
  readonly mode: number;
  readonly hash: string;
}

function describeEntry(path: string): Entry {
  const st = lstatSync(path);
  const mode = st.mode & 0o7777;
  if (st.isSymbolicLink()) return { kind: "link", mode, hash: readlinkSync(path) };
  if (st.isDirectory()) return { kind: "dir", mode, hash: "" };
  if (st.isFIFO()) return { kind: "fifo", mode, hash: "" };
  if (st.isCharacterDevice()) return { kind: "char", mode, hash: String(st.rdev) };
  if (st.isBlockDevice()) return { kind: "block", mode, hash: String(st.rdev) };
  if (st.isSocket()) return { kind: "socket", mode, hash: "" };
  return { kind: "file", mode, hash: createHash("sha256").update(readFileSync(path)).digest("hex") };
}

/** Every entry under `dir` (not following links): kind, permission bits and content hash. */
export function snapshot(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel === "" ? name : join(rel, name);
      const e = describeEntry(join(dir, r));
      out.set(r, e);
      if (e.kind === "dir") walk(r);
    }
  };
  walk("");
  return out;
}

/** Nothing under the snapshot's folder changed, appeared or vanished, except the names in `allowed`. */
export function expectUnchanged(before: Map<string, Entry>, after: Map<string, Entry>, allowed: readonly string[] = []): void {
  const names = new Set([...before.keys(), ...after.keys()]);
  for (const n of [...names].sort()) {
    if (allowed.includes(n)) continue;
    expect(after.get(n), `entry \`${n}\``).toEqual(before.get(n));
  }
}

export interface SpawnOutcome extends Outcome {
  /** Peak resident memory of the whole process tree, as sampled (MiB). */
  readonly peakMiB: number;
  /** The watchdog killed the tree: it went past the memory cap. */
  readonly overCap: boolean;
  /** The watchdog killed the tree: it went past the time limit. */
  readonly overTime: boolean;
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => {
      try {
        return readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter((s) => s !== "").map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** The process and all its descendants still alive. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]!));
  return all;
}

function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? 0 : Number(m[1]) / 1024;
  } catch {
    return 0;
  }
}

export interface SpawnOptions {
  readonly cwd?: string;
  /** Kill the whole tree when its resident memory passes this (MiB). */
  readonly capMiB: number;
  /** Kill the whole tree after this long (ms): a hang is a failure, never a stuck test. */
  readonly timeoutMs: number;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs the real `nnc` executable under a watchdog that samples the resident memory of its process
 * tree every 25 ms and kills the tree past `capMiB` or `timeoutMs`. The cap protects the machine
 * running the suite: a bomb that escapes its limits ends as `overCap`, not as an exhausted host.
 */
export function spawnNnc(args: readonly string[], o: SpawnOptions): Promise<SpawnOutcome> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", ...o.env };
    delete env["FORCE_COLOR"];
    delete env["NNC_DEBUG"];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd ?? REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      if (out.length < 1 << 20) out += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      if (err.length < 1 << 20) err += d;
    });
    let peak = 0;
    let overCap = false;
    let overTime = false;
    const kill = (): void => {
      for (const p of processTree(child.pid!).reverse()) {
        try {
          process.kill(p, "SIGKILL");
        } catch {
          // already gone
        }
      }
    };
    const watch = setInterval(() => {
      const total = processTree(child.pid!).reduce((s, p) => s + rssMiB(p), 0);
      peak = Math.max(peak, total);
      if (total > o.capMiB) {
        overCap = true;
        kill();
      }
    }, 25);
    const timer = setTimeout(() => {
      overTime = true;
      kill();
    }, o.timeoutMs);
    child.on("close", (code, signal) => {
      clearInterval(watch);
      clearTimeout(timer);
      resolve({ status: code ?? (signal === null ? -1 : 128), out, err, peakMiB: peak, overCap, overTime });
    });
  });
}

/** A small model with a train section, trained on `data` (a spec written into the file as is). */
export function spiralModel(data = "spirals(n = 64)"): string {
  return `dim B

model M(x: f32[B, 2]) -> (logits: f32[B, 2]) {
  param W: f32[2, 2] = glorot_uniform()
  param b: f32[2]    = zeros()
  logits = x @ W + b
}

train M {
  input label: i32[B]
  loss      = mean(cross_entropy(logits, label))
  optimizer = sgd(lr = 0.1)
  data      = ${data}
  batch     = 16
  epochs    = 1
}
`;
}
