/**
 * Batch-1 inference latency: one row through the model's forward pass, logits read back, in
 * microseconds per sample. nnc runs its generated `forward(1)`; TF.js runs the same model's ops in a
 * tidy with dataSync; PyTorch runs the nn.Module under torch.no_grad() (timed in its process). All
 * start from nnc's initial parameters, and their logits must agree with nnc's before timing.
 */
import type { CompiledModel } from "@nnc/runtime";
import { makeBatches } from "./data.ts";
import { interleaveRates, spreadNote, summarize, type Contender, type TimedContender } from "./stats.ts";
import { useBackend, type Predictor } from "./tfjs.ts";
import { b64, type TorchPeer, type TorchPeers } from "./torch.ts";
import type { BenchConfig, WorkloadResult } from "./workload.ts";

export interface InferenceSpec {
  readonly name: string;
  readonly createModel: (maxBatch: number) => CompiledModel;
  readonly tfPeer: (params: Readonly<Record<string, Float32Array>>, x: Float32Array) => Predictor;
  /** peer.py's workload kind (mlp-infer, cnn-infer). */
  readonly torchKind: string;
}

/** The largest difference between two logit vectors, relative to the largest logit (at least 1). */
function logitDiff(a: ArrayLike<number | null>, ref: Float32Array): number {
  let scale = 1;
  for (const v of ref) scale = Math.max(scale, Math.abs(v));
  let d = a.length === ref.length ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < ref.length; i++) {
    const v = a[i];
    d = Math.max(d, v === null || v === undefined ? Number.POSITIVE_INFINITY : Math.abs(v - ref[i]!) / scale);
  }
  return d;
}

function perIter(run: (n: number) => void, seconds: number): number {
  const t0 = performance.now();
  let n = 0;
  while (n < 2 || performance.now() - t0 < seconds * 1000) {
    run(1);
    n++;
  }
  return (performance.now() - t0) / 1000 / n;
}

export async function inferenceWorkload(spec: InferenceSpec, cfg: BenchConfig, torch: TorchPeers): Promise<WorkloadResult> {
  const x = makeBatches(1, 1, 5)[0]!.x;
  const model = spec.createModel(1);
  model.initParams(1);
  const params = Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]));
  const input = model.inputs["x"];
  const output = model.outputs["logits"];
  if (input === undefined || output === undefined) throw new Error(`bench: ${spec.name}: the model has no x input or logits output`);
  input.set(x);
  model.forward(1);
  const ref = Float32Array.from(output);
  const notes: string[] = [];
  const check = (key: string, values: ArrayLike<number | null>): void => {
    const d = logitDiff(values, ref);
    notes.push(`${key}: logits agree with nnc's to ${d.toExponential(1)} (relative to the largest)`);
    if (!(d < 1e-4)) throw new Error(`bench: ${spec.name}: ${key}'s logits differ from nnc's by ${d}`);
  };
  const contenders: (Contender | TimedContender)[] = [{ key: "nnc", run: (n) => { for (let i = 0; i < n; i++) model.forward(1); } }];
  const results: Record<string, number | null> = { nnc: null };
  const tf: Predictor[] = [];
  for (const backend of cfg.tfBackends) {
    await useBackend(backend);
    const p = spec.tfPeer(params, x);
    tf.push(p);
    check(`tfjs-${backend}`, p.predict());
    contenders.push({ key: `tfjs-${backend}`, prepare: () => useBackend(backend), run: (n) => { for (let i = 0; i < n; i++) p.predict(); } });
  }
  const loaded: { peer: TorchPeer; id: string }[] = [];
  for (const key of ["torch-1t", "torch"]) results[key] = null;
  if (torch.unavailable !== null) notes.push(`torch: unavailable (${torch.unavailable})`);
  for (const peer of torch.peers) {
    const id = await peer.load(spec.torchKind, params, { x: b64(x) }, {});
    loaded.push({ peer, id });
    check(peer.key, await peer.values(id, 1));
    contenders.push({ key: peer.key, timed: (n) => peer.time(id, n) });
  }
  const seconds = new Map<string, number>();
  for (const c of contenders) {
    await c.prepare?.();
    const torchPeer = loaded.find((l) => l.peer.key === c.key);
    if ("run" in c) seconds.set(c.key, perIter(c.run, cfg.repSeconds / 3));
    else if (torchPeer !== undefined) seconds.set(c.key, await torchPeer.peer.secondsPerIter(torchPeer.id, cfg.repSeconds / 3));
  }
  const rates = await interleaveRates(contenders, { reps: cfg.reps, iters: (k) => Math.max(1, Math.round(cfg.repSeconds / 2 / seconds.get(k)!)), workPerIter: 1, settleSeconds: cfg.settleSeconds });
  const { medians, spread } = summarize(rates, (v) => 1e6 / v);
  Object.assign(results, medians);
  notes.push(spreadNote(spread, "µs/sample"));
  for (const p of tf) p.dispose();
  model.close?.();
  for (const { peer, id } of loaded) await peer.drop(id);
  return { name: spec.name, unit: "µs/sample", higherIsBetter: false, results, spread, notes };
}
