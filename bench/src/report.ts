/** The printed table, the targets (PERFORMANCE.md's milestone 1, issue 14's, issue 16's), and results.json. */
import { spawnSync } from "node:child_process";
import { cpuLine } from "./machine.ts";
import { STARTUP_TARGETS } from "./startup.ts";
import type { TorchInfo, TorchPeers } from "./torch.ts";
import type { WorkloadResult } from "./workload.ts";
import type { RelaxedSimdState } from "@nnc/runtime";

/** How the engine came to compile relaxed SIMD or not: offerRelaxedSimd's answer, or "not offered" where the run was started another way (the smoke test). */
export type RelaxedSimdEngine = RelaxedSimdState | "not offered";

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
  /** PyTorch's version and the BLAS it reports and has loaded, or why it is not in the run. */
  readonly torch: (TorchInfo & { readonly available: true }) | { readonly available: false; readonly reason: string };
  readonly date: string;
  /** The commit measured and how many files differed from it (other work in progress during the run). */
  readonly git: string;
  readonly command: string;
  /** Whether nnc's classes took the relaxed-SIMD matmuls (the engine compiles relaxed SIMD). */
  readonly relaxedSimd: boolean;
  /** How the engine came to compile it or not (bench/src/main.ts offers it). */
  readonly relaxedSimdEngine: RelaxedSimdEngine;
  readonly workloads: readonly (WorkloadResult & { readonly ratios: Readonly<Record<string, number | null>> })[];
  readonly targets: readonly Target[];
}

/** The PyTorch result keys: one thread, all threads. */
const TORCH_KEYS = ["torch-1t", "torch"] as const;

/** PyTorch's better result (its best thread count on this machine), or null where neither ran. */
export function bestTorch(w: WorkloadResult): number | null {
  const vs = TORCH_KEYS.map((k) => w.results[k]).filter((v): v is number => typeof v === "number");
  if (vs.length === 0) return null;
  return w.higherIsBetter ? Math.max(...vs) : Math.min(...vs);
}

/**
 * nnc's advantage over each peer: rate ratio nnc/peer, or cost ratio peer/nnc (> 1 means nnc wins).
 * `torch-1t` compares with PyTorch on one thread; `torch` with PyTorch at its best thread count (the
 * issue's targets), which is the all-threads figure unless one thread was faster.
 */
export function ratios(w: WorkloadResult): Record<string, number | null> {
  const mine = w.results["nnc"];
  const out: Record<string, number | null> = {};
  const vs = (v: number | null | undefined): number | null => (mine === null || mine === undefined || v === null || v === undefined ? null : w.higherIsBetter ? mine / v : v / mine);
  for (const [k, v] of Object.entries(w.results)) {
    if (k === "nnc") continue;
    out[k] = k === "torch" ? vs(bestTorch(w)) : vs(v);
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
  const gpt = find(ws, "char-gpt-");
  const gptR = gpt === undefined ? {} : ratios(gpt);
  const mm = find(ws, "matmul-64x784x128") ?? find(ws, "matmul-");
  return [
    target("MLP: nnc / tfjs-wasm", mlpR["tfjs-wasm"], "≥ 1.5", (v) => v >= 1.5),
    target("MLP: nnc / tfjs-cpu", mlpR["tfjs-cpu"], "≥ 6", (v) => v >= 6),
    target("CNN: nnc / tfjs-cpu", cnnR["tfjs-cpu"], "≥ 50", (v) => v >= 50),
    target("compile MNIST MLP (ms)", find(ws, "compile-mnist-mlp")?.results["nnc"], "< 100", (v) => v < 100),
    target(`${deep?.name ?? "compile deep MLP"} (ms)`, deep?.results["nnc"], "< 2000", (v) => v < 2000),
    target(`${mem?.name ?? "memory"}: heap growth (MB)`, mem?.results["nnc"], "< 0.1 (none)", (v) => v < 0.1),
    target("start-up: bundled nnc --version (s)", find(ws, "startup-version")?.results["nnc"], `≤ ${STARTUP_TARGETS.version}`, (v) => v <= STARTUP_TARGETS.version),
    target("start-up: bundled nnc check mnist-mlp.nn (s)", find(ws, "startup-check")?.results["nnc"], `≤ ${STARTUP_TARGETS.check}`, (v) => v <= STARTUP_TARGETS.check),
    target("MLP: nnc / torch (PyTorch's best thread count)", mlpR["torch"], "≥ 1.25", (v) => v >= 1.25),
    target("CNN: nnc / torch (PyTorch's best thread count)", cnnR["torch"], "≥ 1.0", (v) => v >= 1),
    target("char transformer step: nnc / torch (PyTorch's best thread count)", gptR["torch"], "≥ 1.0", (v) => v >= 1),
    target("char transformer step: nnc / tfjs-wasm", gptR["tfjs-wasm"], "≥ 5", (v) => v >= 5),
    target(`${mm?.name ?? "matmul"}: nnc GFLOP/s`, mm?.results["nnc"], "≥ 44", (v) => v >= 44),
  ];
}

/** `HEAD abc1234, 3 files changed or untracked` (read-only git commands), or why not known. */
function gitState(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  if (head.status !== 0) return "unknown (no git)";
  const status = spawnSync("git", ["status", "--porcelain"], { encoding: "utf8" });
  const changed = status.stdout.split("\n").filter((l) => l.trim() !== "").length;
  return `HEAD ${head.stdout.trim()}, ${changed} files changed or untracked`;
}

export function buildReport(ws: readonly WorkloadResult[], tfjs: string, command: string, torch: TorchPeers, relaxedSimd: boolean, relaxedSimdEngine: RelaxedSimdEngine): BenchReport {
  return {
    node: process.version,
    cpu: cpuLine(),
    tfjs,
    torch: torch.info === null ? { available: false, reason: torch.unavailable ?? "unknown" } : { available: true, ...torch.info },
    date: new Date().toISOString(),
    git: gitState(),
    command,
    relaxedSimd,
    relaxedSimdEngine,
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
  const head = ["workload", "unit", ...impls, ...peers.map((p) => (p === "torch" ? "nnc vs torch (best threads)" : `nnc vs ${p}`))];
  const rows = r.workloads.map((w) => [w.name, w.unit, ...impls.map((k) => (k in w.results ? fmt(w.results[k]) : "")), ...peers.map((p) => (p in w.ratios ? (w.ratios[p] === null ? "—" : `${fmt(w.ratios[p])}×`) : ""))]);
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  const table = [line(head), line(head.map(() => "---")), ...rows.map(line)];
  const goals = r.targets.map((t) => `- ${t.met ? "met" : "NOT met"}: ${t.what} = ${fmt(t.value)} (goal ${t.goal})`);
  const notes = r.workloads.flatMap((w) => w.notes.map((n) => `- ${w.name}: ${n}`));
  const t = r.torch;
  const optimized = t.available && t.blasLibraries.some((l) => /openblas|mkl|blis/i.test(l));
  const warning = t.available && !optimized ? " — WARNING: no optimized BLAS loaded (the reference BLAS is ≈ 8× slower; Debian: libopenblas0-pthread)" : "";
  const torchLine = t.available ? `PyTorch ${t.torch} (torch-1t: 1 thread, torch: ${t.threads} threads); BLAS_INFO=${t.blasInfo}; loaded: ${t.blasLibraries.join(", ") || "no BLAS library mapped"}${warning}` : `PyTorch unavailable: ${t.reason}`;
  const simd = r.relaxedSimd
    ? `nnc's matmuls and convolutions: relaxed SIMD (f32x4.relaxed_madd${r.relaxedSimdEngine === "enabled" ? "; V8's --experimental-wasm-relaxed-simd set by the bench, as nnc train sets it" : ""})`
    : `nnc's matmuls and convolutions: f32x4.mul + add (${r.relaxedSimdEngine === "declined" ? "NNC_RELAXED_SIMD=0" : "this runtime has no relaxed SIMD"})`;
  return [`${r.cpu}; node ${r.node}; TF.js ${r.tfjs}; git ${r.git}`, simd, torchLine, "", ...table, "", "Targets:", ...goals, "", "Notes:", ...notes].join("\n");
}
