/**
 * The matmul kernel alone: nnc's generated code for `c = a @ b` (a whole compiled program whose
 * forward is that one matmul), a naive triple loop, TF.js's matMul and PyTorch's torch.mm (into a
 * preallocated output, timed in its process), in GFLOP/s (2·M·N·K / s).
 */
import { randomMatrix } from "./data.ts";
import { loadProgram } from "./nnc.ts";
import { matmulSource } from "./sources.ts";
import { interleaveRates, spreadNote, summarize, type Contender, type TimedContender } from "./stats.ts";
import { tfMatmul, useBackend } from "./tfjs.ts";
import { b64, type TorchPeer, type TorchPeers } from "./torch.ts";
import type { BenchConfig, WorkloadResult } from "./workload.ts";

/** C = A·B, row-major, one dot product per output element: the baseline every tiling is compared with. */
export function naiveMatmul(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      c[i * n + j] = s;
    }
  }
}

function maxAbsDiff(x: Float32Array, y: Float32Array): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
  return d;
}

/** null for the PyTorch keys that did not run (unavailable), so every report has both columns. */
function missingTorch(rates: Readonly<Record<string, number>>): Record<string, null> {
  return Object.fromEntries(["torch-1t", "torch"].filter((k) => !(k in rates)).map((k) => [k, null]));
}

export async function matmulWorkload(m: number, k: number, n: number, cfg: BenchConfig, torch: TorchPeers): Promise<WorkloadResult> {
  const name = `matmul-${m}x${k}x${n}`;
  const a = randomMatrix(m, k, 11);
  const b = randomMatrix(k, n, 12);
  const program = await loadProgram(`${name}.nn`, matmulSource(m, k, n));
  const model = program.createModel(1);
  const [ia, ib, oc] = [model.inputs["a"], model.inputs["b"], model.outputs["c"]];
  if (ia === undefined || ib === undefined || oc === undefined) throw new Error("bench: the matmul program lacks a, b or c");
  ia.set(a);
  ib.set(b);
  const ref = new Float32Array(m * n);
  naiveMatmul(a, b, ref, m, k, n);
  model.forward(1);
  const err = maxAbsDiff(Float32Array.from(oc), ref);
  if (!(err < 1e-3 * Math.sqrt(k))) throw new Error(`bench: ${name}: nnc's matmul differs from the naive loop by ${err}`);
  const out = new Float32Array(m * n);
  const contenders: Contender[] = [
    { key: "nnc", run: (it) => { for (let i = 0; i < it; i++) model.forward(1); } },
    { key: "js-naive", run: (it) => { for (let i = 0; i < it; i++) naiveMatmul(a, b, out, m, k, n); } },
  ];
  const peers: { dispose(): void }[] = [];
  for (const backend of cfg.tfBackends) {
    await useBackend(backend);
    const peer = tfMatmul(a, b, m, k, n);
    peers.push(peer);
    contenders.push({
      key: `tfjs-${backend}`,
      prepare: async () => {
        await useBackend(backend);
      },
      run: (it) => {
        peer.run(it);
      },
    });
  }
  const notes = [`nnc agrees with the naive loop to ${err.toExponential(1)} (max abs)`];
  if (torch.unavailable !== null) notes.push(`torch: unavailable (${torch.unavailable})`);
  const loaded: { peer: TorchPeer; id: string }[] = [];
  const timed: TimedContender[] = [];
  for (const peer of torch.peers) {
    const id = await peer.load("matmul", {}, { a: b64(a), b: b64(b) }, { m, k, n });
    loaded.push({ peer, id });
    const perr = maxAbsDiff(Float32Array.from((await peer.values(id, 1)).map((v) => v ?? Number.NaN)), ref);
    if (!(perr < 1e-3 * Math.sqrt(k))) throw new Error(`bench: ${name}: ${peer.key}'s matmul differs from the naive loop by ${perr}`);
    timed.push({ key: peer.key, timed: (it) => peer.time(id, it) });
  }
  const gflop = (2 * m * n * k) / 1e9;
  const perIter = new Map<string, number>();
  for (const l of loaded) perIter.set(l.peer.key, await l.peer.secondsPerIter(l.id, 0.1));
  for (const c of contenders) {
    await c.prepare?.();
    c.run(1);
    const t0 = performance.now();
    let it = 0;
    while (it < 2 || performance.now() - t0 < 100) { c.run(1); it++; }
    perIter.set(c.key, (performance.now() - t0) / 1000 / it);
  }
  const seconds = cfg.repSeconds / 3;
  const { medians, spread } = summarize(await interleaveRates([...contenders, ...timed], { reps: cfg.reps, iters: (key) => Math.max(1, Math.round(seconds / perIter.get(key)!)), workPerIter: gflop, settleSeconds: cfg.settleSeconds }), (v) => v);
  notes.push(spreadNote(spread, "GFLOP/s"));
  for (const p of peers) p.dispose();
  model.close?.();
  for (const { peer, id } of loaded) await peer.drop(id);
  return { name, unit: "GFLOP/s", higherIsBetter: true, results: { ...medians, ...missingTorch(medians) }, spread, notes };
}
