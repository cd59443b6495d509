/** The printed table, the milestone-1 targets of PERFORMANCE.md, and results.json. */
import { cpus } from "node:os";
import { STARTUP_TARGETS } from "./startup.ts";
import type { WorkloadResult } from "./workload.ts";

export interface Target {
  readonly what: string;
  readonly value: number | null;
  readonly goal: string;
  readonly met: boolean;
}

export interface BenchReport {
  readonly node: string;
  readonly cpu: string;
  readonly tfjs: string;
  readonly date: string;
  readonly command: string;
  readonly workloads: readonly (WorkloadResult & { readonly ratios: Readonly<Record<string, number | null>> })[];
  readonly targets: readonly Target[];
}

/** nnc's advantage over each peer: rate ratio nnc/peer, or cost ratio peer/nnc (> 1 means nnc wins). */
export function ratios(w: WorkloadResult): Record<string, number | null> {
  const mine = w.results["nnc"];
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(w.results)) {
    if (k === "nnc") continue;
    out[k] = mine === null || mine === undefined || v === null ? null : w.higherIsBetter ? mine / v : v / mine;
  }
  return out;
}

function find(ws: readonly WorkloadResult[], prefix: string): WorkloadResult | undefined {
  return ws.find((w) => w.name.startsWith(prefix));
}

function target(what: string, value: number | null | undefined, goal: string, ok: (v: number) => boolean): Target {
  const v = value ?? null;
  return { what, value: v, goal, met: v !== null && ok(v) };
}

export function targets(ws: readonly WorkloadResult[]): Target[] {
  const mlp = find(ws, "mlp-");
  const cnn = find(ws, "cnn-");
  const mlpR = mlp === undefined ? {} : ratios(mlp);
  const cnnR = cnn === undefined ? {} : ratios(cnn);
  const deep = ws.find((w) => w.name.startsWith("compile-mlp-"));
  const mem = find(ws, "memory-");
  return [
    target("MLP: nnc / tfjs-wasm", mlpR["tfjs-wasm"], "≥ 1.5", (v) => v >= 1.5),
    target("MLP: nnc / tfjs-cpu", mlpR["tfjs-cpu"], "≥ 6", (v) => v >= 6),
    target("CNN: nnc / tfjs-cpu", cnnR["tfjs-cpu"], "≥ 50", (v) => v >= 50),
    target("compile MNIST MLP (ms)", find(ws, "compile-mnist-mlp")?.results["nnc"], "< 100", (v) => v < 100),
    target(`${deep?.name ?? "compile deep MLP"} (ms)`, deep?.results["nnc"], "< 2000", (v) => v < 2000),
    target(`${mem?.name ?? "memory"}: heap growth (MB)`, mem?.results["nnc"], "< 0.1 (none)", (v) => v < 0.1),
    target("start-up: bundled nnc --version (s)", find(ws, "startup-version")?.results["nnc"], `≤ ${STARTUP_TARGETS.version}`, (v) => v <= STARTUP_TARGETS.version),
    target("start-up: bundled nnc check mnist-mlp.nn (s)", find(ws, "startup-check")?.results["nnc"], `≤ ${STARTUP_TARGETS.check}`, (v) => v <= STARTUP_TARGETS.check),
  ];
}

export function buildReport(ws: readonly WorkloadResult[], tfjs: string, command: string): BenchReport {
  const cs = cpus();
  return {
    node: process.version,
    cpu: `${cs[0]?.model ?? "unknown"} (${cs.length} logical cores)`,
    tfjs,
    date: new Date().toISOString(),
    command,
    workloads: ws.map((w) => ({ ...w, ratios: ratios(w) })),
    targets: targets(ws),
  };
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const a = Math.abs(v);
  return a >= 1000 ? Math.round(v).toLocaleString("en-US") : a >= 10 ? v.toFixed(1) : a >= 0.01 ? v.toFixed(2) : v.toExponential(1);
}

/** A Markdown table: one row per workload, a median column per implementation, then nnc's ratios. */
export function renderTable(r: BenchReport): string {
  const impls = [...new Set(r.workloads.flatMap((w) => Object.keys(w.results)))];
  const peers = impls.filter((k) => k !== "nnc");
  const head = ["workload", "unit", ...impls, ...peers.map((p) => `nnc vs ${p}`)];
  const rows = r.workloads.map((w) => [w.name, w.unit, ...impls.map((k) => (k in w.results ? fmt(w.results[k]) : "")), ...peers.map((p) => (p in w.ratios ? (w.ratios[p] === null ? "—" : `${fmt(w.ratios[p])}×`) : ""))]);
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  const table = [line(head), line(head.map(() => "---")), ...rows.map(line)];
  const goals = r.targets.map((t) => `- ${t.met ? "met" : "NOT met"}: ${t.what} = ${fmt(t.value)} (goal ${t.goal})`);
  const notes = r.workloads.flatMap((w) => w.notes.map((n) => `- ${w.name}: ${n}`));
  return [...table, "", "Targets:", ...goals, "", "Notes:", ...notes].join("\n");
}
