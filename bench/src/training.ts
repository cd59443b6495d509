/**
 * Training throughput: nnc's generated trainStep against TF.js and PyTorch peers on the same batches,
 * from the same initial parameters. Before timing, the first losses of every peer are compared with
 * nnc's, so a peer that trains a different model (or a broken nnc) shows up as a disagreement.
 */
import type { CompiledModel } from "@nnc/runtime";
import type { Inputs } from "./data.ts";
import { interleaveRates, spreadNote, summarize, type Contender, type TimedContender } from "./stats.ts";
import { useBackend, type TfBackend, type Trainer } from "./tfjs.ts";
import { b64Record, type TorchPeers } from "./torch.ts";
import type { BenchConfig, WorkloadResult } from "./workload.ts";

/** A workload of bench/torch/peer.py (its `build`) and the hyper-parameters it needs. */
export interface TorchSpec {
  readonly kind: string;
  readonly hyper: Readonly<Record<string, number>>;
}

export interface TrainingSpec {
  readonly name: string;
  readonly batch: number;
  readonly createModel: (maxBatch: number) => CompiledModel;
  /** The same program compiled with `--threads 1` (the `nnc-1t` column), or none. */
  readonly createModel1t?: (maxBatch: number) => CompiledModel;
  /** The batches every implementation trains on in turn: nnc's inputs by name. */
  readonly batches: readonly Inputs[];
  /** Builds the TF.js peer on the active backend from nnc's initial parameters (none: no TF.js peer). */
  readonly peer?: (params: Readonly<Record<string, Float32Array>>) => Trainer;
  /** The TF.js backends to run, among the configuration's (none given: all of them). */
  readonly tfBackends?: readonly TfBackend[];
  /** Backends that are expected to fail, with the reason recorded when they do. */
  readonly unsupported?: Partial<Record<TfBackend, string>>;
  /** The PyTorch peer (none: no PyTorch peer). */
  readonly torch?: TorchSpec;
  /** Report milliseconds per step (lower is better) instead of samples per second. */
  readonly perStep?: boolean;
}

const CHECK_STEPS = 3;

export function nncTrainer(model: CompiledModel, batches: readonly Inputs[], batch: number): Trainer {
  const names = Object.keys(batches[0] ?? {});
  const inputs = names.map((n) => {
    const a = model.inputs[n];
    if (a === undefined) throw new Error(`bench: the model has no input ${n}`);
    return a;
  });
  let k = 0;
  return {
    step() {
      const b = batches[k++ % batches.length]!;
      for (let i = 0; i < names.length; i++) inputs[i]!.set(b[names[i]!]!);
      return model.trainStep(batch);
    },
    dispose() {
      /* nothing: plain typed arrays */
    },
  };
}

function initialParams(model: CompiledModel): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, Float32Array.from(v)]));
}

function steps(t: Trainer, n: number): number[] {
  return Array.from({ length: n }, () => t.step());
}

/** Runs steps until `seconds` pass (at least 2), after as many untimed (JIT warm-up), and returns the seconds per step. */
function secondsPerStep(t: Trainer, seconds: number): number {
  for (let t0 = performance.now(), n = 0; n < 2 || performance.now() - t0 < seconds * 1000; n++) t.step();
  const t0 = performance.now();
  let n = 0;
  while (n < 2 || performance.now() - t0 < seconds * 1000) {
    t.step();
    n++;
  }
  return (performance.now() - t0) / 1000 / n;
}

/** The largest relative difference of a peer's first losses from nnc's (∞ where one is not finite). */
function lossDiff(losses: readonly (number | null)[], reference: readonly number[]): number {
  return Math.max(...reference.map((r, i) => {
    const l = losses[i];
    return l === null || l === undefined || !Number.isFinite(l) ? Number.POSITIVE_INFINITY : Math.abs(l - r) / Math.max(1, Math.abs(r));
  }));
}

function agree(spec: TrainingSpec, key: string, losses: readonly (number | null)[], reference: readonly number[], notes: string[]): void {
  const diff = lossDiff(losses, reference);
  notes.push(`${key}: first ${CHECK_STEPS} losses agree with nnc's to ${diff.toExponential(1)} (relative)`);
  if (!(diff < 1e-3)) throw new Error(`bench: ${spec.name}: ${key} and nnc disagree on the first losses (${losses.join(", ")} vs ${reference.join(", ")})`);
}

export async function trainingWorkload(spec: TrainingSpec, cfg: BenchConfig, torch: TorchPeers): Promise<WorkloadResult> {
  const model = spec.createModel(spec.batch);
  model.initParams(1);
  const init = initialParams(model);
  const nnc = nncTrainer(model, spec.batches, spec.batch);
  const reference = steps(nnc, CHECK_STEPS);
  if (!reference.every(Number.isFinite)) throw new Error(`bench: ${spec.name}: nnc's first losses are ${reference.join(", ")}`);
  const notes: string[] = [`nnc: first losses ${reference.map((l) => l.toFixed(4)).join(", ")}`];
  const results: Record<string, number | null> = { nnc: null };
  const contenders: (Contender | TimedContender)[] = [];
  const perStep = new Map<string, number>();
  perStep.set("nnc", secondsPerStep(nnc, cfg.repSeconds / 2));
  contenders.push({ key: "nnc", run: (n) => void steps(nnc, n) });
  const models = [model];
  if (spec.createModel1t !== undefined) {
    const one = spec.createModel1t(spec.batch);
    models.push(one);
    one.initParams(1);
    const t1 = nncTrainer(one, spec.batches, spec.batch);
    results["nnc-1t"] = null;
    agree(spec, "nnc-1t", steps(t1, CHECK_STEPS), reference, notes);
    perStep.set("nnc-1t", secondsPerStep(t1, cfg.repSeconds / 2));
    contenders.push({ key: "nnc-1t", run: (n) => void steps(t1, n) });
  }
  const peers: Trainer[] = [];
  const makePeer = spec.peer;
  for (const backend of cfg.tfBackends.filter((b) => spec.tfBackends?.includes(b) ?? true)) {
    if (makePeer === undefined) break;
    const key = `tfjs-${backend}`;
    results[key] = null;
    await useBackend(backend);
    let peer: Trainer;
    let losses: number[];
    try {
      peer = makePeer(init);
      losses = steps(peer, CHECK_STEPS);
    } catch (e) {
      const why = spec.unsupported?.[backend];
      const msg = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      if (why === undefined) throw e;
      notes.push(`${key}: cannot train this model (${why}); TF.js says: ${msg}`);
      continue;
    }
    agree(spec, key, losses, reference, notes);
    peers.push(peer);
    perStep.set(key, secondsPerStep(peer, cfg.repSeconds / 2));
    contenders.push({
      key,
      prepare: async () => {
        await useBackend(backend);
        peer.step();
      },
      run: (n) => void steps(peer, n),
    });
  }
  const loaded: { peer: TorchPeers["peers"][number]; id: string }[] = [];
  if (spec.torch !== undefined) {
    for (const key of ["torch-1t", "torch"]) results[key] = null;
    if (torch.unavailable !== null) notes.push(`torch: unavailable (${torch.unavailable})`);
    for (const peer of torch.peers) {
      const id = await peer.load(spec.torch.kind, init, { batches: spec.batches.map(b64Record) }, { ...spec.torch.hyper, batch: spec.batch });
      loaded.push({ peer, id });
      agree(spec, peer.key, await peer.values(id, CHECK_STEPS), reference, notes);
      await peer.secondsPerIter(id, cfg.repSeconds / 2); // warm-up, as secondsPerStep's
      perStep.set(peer.key, await peer.secondsPerIter(id, cfg.repSeconds / 2));
      contenders.push({ key: peer.key, timed: (n) => peer.time(id, n) });
    }
  }
  cfg.log(`  ${spec.name}: ${[...perStep].map(([k, s]) => `${k} ${(s * 1000).toFixed(1)} ms/step`).join(", ")}`);
  const iters = (key: string): number => Math.max(1, Math.round(cfg.repSeconds / perStep.get(key)!));
  const rates = await interleaveRates(contenders, { reps: cfg.reps, iters, workPerIter: spec.perStep === true ? 1 : spec.batch, settleSeconds: cfg.settleSeconds });
  const { medians, spread } = summarize(rates, (v) => (spec.perStep === true ? 1000 / v : v));
  Object.assign(results, medians);
  notes.push(spreadNote(spread, spec.perStep === true ? "ms/step" : "samples/s"));
  for (const p of peers) p.dispose();
  for (const m of models) m.close?.();
  for (const { peer, id } of loaded) await peer.drop(id);
  return spec.perStep === true
    ? { name: spec.name, unit: "ms/step", higherIsBetter: false, results, spread, notes }
    : { name: spec.name, unit: "samples/s", higherIsBetter: true, results, spread, notes };
}
