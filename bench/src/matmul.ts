/**
 * The matmul kernel alone: nnc's generated code for `c = a @ b` (a whole compiled program whose
 * forward is that one matmul), a naive triple loop, and TF.js's matMul, in GFLOP/s (2·M·N·K / s).
 */
import { randomMatrix } from "./data.ts";
import { loadProgram } from "./nnc.ts";
import { matmulSource } from "./sources.ts";
import { interleave, type Contender } from "./stats.ts";
import { tfMatmul, useBackend } from "./tfjs.ts";
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

export async function matmulWorkload(m: number, k: number, n: number, cfg: BenchConfig): Promise<WorkloadResult> {
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
  const gflop = (2 * m * n * k) / 1e9;
  const perIter = new Map<string, number>();
  for (const c of contenders) {
    await c.prepare?.();
    c.run(1);
    const t0 = performance.now();
    let it = 0;
    while (it < 2 || performance.now() - t0 < 100) { c.run(1); it++; }
    perIter.set(c.key, (performance.now() - t0) / 1000 / it);
  }
  const seconds = cfg.repSeconds / 3;
  const rates = await interleave(contenders, { reps: cfg.reps, iters: (key) => Math.max(1, Math.round(seconds / perIter.get(key)!)), workPerIter: gflop });
  for (const p of peers) p.dispose();
  return { name, unit: "GFLOP/s", higherIsBetter: true, results: Object.fromEntries(rates), notes: [`nnc agrees with the naive loop to ${err.toExponential(1)} (max abs)`] };
}
