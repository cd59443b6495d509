/**
 * Medians, ranges and ratios against the targets of issue 15 ("a 4,000-term program and its share
 * link render within 2 s with the page responsive throughout": grouped graphs within 2,000 ms; no
 * task after start-up of 100 ms or more), and the JSON written by `--out` (shaped like bench/'s
 * results.json: node, cpu, date, git, command, workloads with results and notes, targets).
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";

export const RENDER_TARGET_MS = 2000;
export const TASK_TARGET_MS = 100;

export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

export function stat(xs: readonly number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  return { median, min: s[0] ?? Number.NaN, max: s[s.length - 1] ?? Number.NaN, runs: xs.map((x) => Math.round(x)) };
}

/** One measured quantity of one scenario, with its target where it has one. */
export interface Metric {
  readonly name: string;
  readonly what: string;
  readonly unit: "ms" | "load";
  readonly stat: Stat;
  readonly target?: number;
}

/** `x` as a ratio of the target (≤ 1 meets it). */
export const ratio = (m: Metric): number | null => (m.target === undefined ? null : m.stat.median / m.target);

export function line(m: Metric): string {
  const r = ratio(m);
  const n = (x: number): string => (m.unit === "load" ? x.toFixed(2) : Math.round(x).toLocaleString("en-US"));
  const vs = r === null ? "" : `  = ${r.toFixed(2)}× the ${m.target!.toLocaleString("en-US")} ms target${r <= 1 ? "" : "  NOT MET"}`;
  return `${m.what.padEnd(62)} ${n(m.stat.median).padStart(7)} ${m.unit === "load" ? "" : "ms"} (${n(m.stat.min)}–${n(m.stat.max)})${vs}`;
}

function git(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["status", "--porcelain"], { encoding: "utf8" }).stdout.split("\n").filter((l) => l !== "").length;
  return `HEAD ${head}, ${dirty} files changed or untracked`;
}

export interface Report {
  readonly node: string;
  readonly cpu: string;
  readonly date: string;
  readonly git: string;
  readonly command: string;
  readonly workloads: readonly { readonly name: string; readonly unit: string; readonly higherIsBetter: false; readonly results: Stat; readonly notes: readonly string[]; readonly ratios: { readonly target: number | null } }[];
  readonly targets: readonly { readonly what: string; readonly value: number; readonly goal: string; readonly met: boolean }[];
}

export function report(metrics: readonly Metric[], command: string): Report {
  return {
    node: process.version,
    cpu: `${cpus()[0]?.model ?? "unknown"} (${cpus().length} logical cores)`,
    date: new Date().toISOString(),
    git: git(),
    command,
    workloads: metrics.map((m) => ({ name: m.name, unit: m.unit, higherIsBetter: false as const, results: m.stat, notes: [line(m).replace(/\s+/g, " ").trim()], ratios: { target: ratio(m) } })),
    targets: metrics
      .filter((m) => m.target !== undefined)
      .map((m) => ({ what: m.what, value: m.stat.median, goal: `≤ ${m.target!} ms (median)`, met: m.stat.median <= m.target! })),
  };
}
