/**
 * The training step of examples/char-transformer.nn (issue 12's GPT: T = 16, d = 64, 2 blocks, 4 heads)
 * on random token rows, in milliseconds per step, with PyTorch as a peer when a Python with torch is
 * there (bench/torch/char_gpt_step.py: the same model and optimizer, one thread). PyTorch runs in its
 * own process after nnc's repetitions, so the two are not interleaved: on a loaded machine compare the
 * CPU milliseconds in the notes as well.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AnyArray, CompiledModel } from "@nnc/runtime";
import { median } from "./stats.ts";
import type { BenchConfig, WorkloadResult } from "./workload.ts";

const PEER = fileURLToPath(new URL("../torch/char_gpt_step.py", import.meta.url));

/** Token ids in 0…26 for every i32 input, a 0/1 mask (60 % ones) for every float input; seeded. */
function fillInputs(model: CompiledModel, seed: number): void {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const fill = (a: AnyArray): void => {
    for (let i = 0; i < a.length; i++) a[i] = a instanceof Int32Array ? Math.floor(next() * 27) : next() < 0.6 ? 1 : 0;
  };
  for (const a of Object.values(model.inputs)) fill(a);
}

interface PeerResult {
  readonly ms: number;
  readonly cpuMs: number;
  readonly version: string;
}

function isPeerJson(v: unknown): v is { ms_per_step: number; cpu_ms_per_step: number; torch: string } {
  return typeof v === "object" && v !== null && "ms_per_step" in v && typeof v.ms_per_step === "number" && "cpu_ms_per_step" in v && typeof v.cpu_ms_per_step === "number" && "torch" in v && typeof v.torch === "string";
}

/** PyTorch's figures, or a reason why there are none. */
function runPeer(python: string, reps: number): PeerResult | string {
  if (!existsSync(python)) return `no PyTorch peer: ${python} does not exist (NNC_BENCH_PYTHON names another)`;
  const r = spawnSync(python, [PEER, "--threads", "1", "--reps", String(reps), "--steps", "20"], { encoding: "utf8", timeout: 300_000 });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  try {
    const v: unknown = JSON.parse(last);
    if (r.status === 0 && isPeerJson(v)) return { ms: v.ms_per_step, cpuMs: v.cpu_ms_per_step, version: v.torch };
  } catch {
    // Not JSON: reported below with the process's error output.
  }
  return `no PyTorch peer: ${python} ${PEER} failed (${r.error?.message ?? `exit ${String(r.status)}`}): ${r.stderr.trim().split("\n").pop() ?? ""}`;
}

export interface CharGptOptions {
  readonly batch: number;
  /** Steps per timed repetition. */
  readonly steps: number;
  /** Run the PyTorch peer (the full bench) or not (the smoke run). */
  readonly torch: boolean;
}

export function charGptWorkload(createModel: (maxBatch: number) => CompiledModel, o: CharGptOptions, cfg: BenchConfig): WorkloadResult {
  const model = createModel(o.batch);
  model.initParams(1);
  fillInputs(model, 7);
  const first = model.trainStep(o.batch);
  if (!Number.isFinite(first)) throw new Error(`bench: the char GPT's first loss is ${first}`);
  for (let i = 0; i < 2 * o.steps; i++) model.trainStep(o.batch);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < cfg.reps; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < o.steps; i++) model.trainStep(o.batch);
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t0) / o.steps);
    cpu.push((c.user + c.system) / 1000 / o.steps);
  }
  const results: Record<string, number | null> = { nnc: median(wall) };
  const notes = [`nnc: ${median(cpu).toFixed(1)} CPU ms/step (first loss ${first.toFixed(4)})`];
  if (o.torch) {
    const peer = runPeer(process.env["NNC_BENCH_PYTHON"] ?? "/usr/bin/python3", cfg.reps);
    results["pytorch-1thread"] = typeof peer === "string" ? null : peer.ms;
    notes.push(typeof peer === "string" ? peer : `pytorch ${peer.version}, 1 thread: ${peer.cpuMs.toFixed(1)} CPU ms/step (run after nnc, not interleaved)`);
  }
  return { name: `char-gpt-t16-d64-b${o.batch}`, unit: "ms/step", higherIsBetter: false, results, notes };
}
