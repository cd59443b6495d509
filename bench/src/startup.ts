/**
 * Start-up of the command line as a user runs it: wall time of whole processes (spawn to exit) of the
 * bundled CLI (packages/nnc, built here into a temporary folder), against a bare `node -e 0` (the floor
 * any Node program pays) and the from-source launcher (packages/cli/bin/nnc.js: tsx compiling the
 * TypeScript). Runs are interleaved (one of each command in turn) and the medians reported. The note
 * says whether the bundle ran with its V8 code cache (Node 20) or from its ES-module chunks.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./stats.ts";
import type { WorkloadResult } from "./workload.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const BUILD = join(REPO, "packages/nnc/src/build.ts");
const SOURCE_BIN = join(REPO, "packages/cli/bin/nnc.js");
const CHECK_FILE = "examples/mnist-mlp.nn";

/** The targets, in seconds of wall time. */
export const STARTUP_TARGETS = { version: 0.15, check: 0.25 } as const;

/**
 * Times the commands from a small Node process of its own: spawning from this one (its heap holds
 * TF.js and the bench's modules) cost each run ≈ 20–40 ms more wall time than from a shell — a bare
 * `node -e 0` measured 0.154 s here against 0.112–0.118 s from a fresh process the same hour — time
 * no user pays. The driver runs every command once untimed, then `runs` interleaved rounds (one of each
 * in turn), and prints each command's times as JSON; a command that fails stops it with exit 1 (a
 * broken build must not time well).
 */
const DRIVER = `
import { spawnSync } from "node:child_process";
const { commands, runs, cwd } = JSON.parse(process.argv[1]);
const env = { ...process.env, NO_COLOR: "1" };
const time = (args) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, env, encoding: "utf8" });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    process.stderr.write("node " + args.join(" ") + " exited " + String(r.status) + ": " + r.stderr);
    process.exit(1);
  }
  return s;
};
const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
for (const args of Object.values(commands)) time(args);
for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(commands)) times[k].push(time(args));
process.stdout.write(JSON.stringify(times));
`;

/**
 * What the bundle says of its code caches on this Node (NNC_CODE_CACHE=report: one line per CommonJS
 * part `check` loads, `nnc: code cache STATE (PART)`; nothing: not used), e.g. "code cache accepted (15 parts)".
 */
function codeCacheState(bundle: string): string {
  const r = spawnSync(process.execPath, [bundle, "check", CHECK_FILE], { cwd: REPO, encoding: "utf8", env: { ...process.env, NNC_CODE_CACHE: "report" } });
  const states = [...r.stderr.matchAll(/^nnc: code cache (\w+) \(([\w.-]+)\)$/gm)].map((m) => m[1]!);
  if (states.length === 0) return "code cache not used on this Node (ES-module chunks)";
  const counts = [...new Set(states)].map((state) => {
    const n = states.filter((s) => s === state).length;
    return `${state} (${n} ${n === 1 ? "part" : "parts"})`;
  });
  return `code cache ${counts.join(", ")}`;
}

/** Medians over `runs` interleaved runs (after one untimed run each) of every command, timed by DRIVER. */
function medians(commands: Readonly<Record<string, readonly string[]>>, runs: number): Record<string, number> {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", DRIVER, JSON.stringify({ commands, runs, cwd: REPO })], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench: timing start-up failed: ${r.stderr}`);
  const times = JSON.parse(r.stdout) as Record<string, number[]>;
  return Object.fromEntries(Object.entries(times).map(([k, t]) => [k, median(t)]));
}

export function startupWorkloads(runs: number, log: (line: string) => void): WorkloadResult[] {
  const dir = mkdtempSync(join(tmpdir(), "nnc-bench-bundle-"));
  try {
    log("building the bundle");
    const built = spawnSync(process.execPath, ["--import", "tsx", BUILD, dir], { cwd: REPO, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`bench: building the bundle failed: ${built.stderr}`);
    const bundle = join(dir, "nnc.js");
    log(`start-up: ${runs} interleaved runs of each command`);
    const version = medians({ "node -e 0": ["-e", "0"], nnc: [bundle, "--version"], "nnc from source": [SOURCE_BIN, "--version"] }, runs);
    const check = medians({ "node -e 0": ["-e", "0"], nnc: [bundle, "check", CHECK_FILE], "nnc from source": [SOURCE_BIN, "check", CHECK_FILE] }, runs);
    const cache = codeCacheState(bundle);
    const note = (what: string, m: Record<string, number>, target: number): string =>
      `${what}: bundle ${m["nnc"]!.toFixed(3)} s = ${(m["nnc"]! / target).toFixed(2)}× the ${target} s target, ${(m["nnc"]! / m["node -e 0"]!).toFixed(2)}× a bare node start; median of ${runs} wall-clock runs`;
    return [
      { name: "startup-version", unit: "s", higherIsBetter: false, results: version, notes: [note("nnc --version", version, STARTUP_TARGETS.version)] },
      { name: "startup-check-mnist-mlp", unit: "s", higherIsBetter: false, results: check, notes: [note(`nnc check ${CHECK_FILE}`, check, STARTUP_TARGETS.check), cache] },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
