/**
 * Training throughput: nnc's generated trainStep against TF.js peers on the same batches, from the
 * same initial parameters. Before timing, the first losses of every peer are compared with nnc's,
 * so a peer that trains a different model (or a broken nnc) shows up as a disagreement.
 */
import type { CompiledModel } from "@nnc/runtime";
import { makeBatches, type Batch } from "./data.ts";
import { interleave, type Contender } from "./stats.ts";
import { useBackend, type TfBackend, type Trainer } from "./tfjs.ts";
import type { BenchConfig, WorkloadResult } from "./workload.ts";

export interface TrainingSpec {
  readonly name: string;
  readonly batch: number;
  readonly createModel: (maxBatch: number) => CompiledModel;
  /** Builds the TF.js peer on the active backend from nnc's initial parameters. */
  readonly peer: (params: Readonly<Record<string, Float32Array>>, batches: readonly Batch[]) => Trainer;
  /** Backends that are expected to fail, with the reason recorded when they do. */
  readonly unsupported?: Partial<Record<TfBackend, string>>;
}

const CHECK_STEPS = 3;

export function nncTrainer(model: CompiledModel, batches: readonly Batch[], batch: number): Trainer {
  const x = model.inputs["x"];
  const label = model.inputs["label"];
  if (x === undefined || label === undefined) throw new Error("bench: the model has no x or label input");
  let k = 0;
  return {
    step() {
      const b = batches[k++ % batches.length]!;
      x.set(b.x);
      label.set(b.label);
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

/** Runs steps until `seconds` pass (at least 2) and returns the seconds per step. */
function secondsPerStep(t: Trainer, seconds: number): number {
  const t0 = performance.now();
  let n = 0;
  while (n < 2 || performance.now() - t0 < seconds * 1000) {
    t.step();
    n++;
  }
  return (performance.now() - t0) / 1000 / n;
}

export async function trainingWorkload(spec: TrainingSpec, cfg: BenchConfig): Promise<WorkloadResult> {
  const batches = makeBatches(4, spec.batch, 7);
  const model = spec.createModel(spec.batch);
  model.initParams(1);
  const init = initialParams(model);
  const nnc = nncTrainer(model, batches, spec.batch);
  const reference = steps(nnc, CHECK_STEPS);
  const notes: string[] = [];
  const results: Record<string, number | null> = { nnc: null };
  const contenders: Contender[] = [];
  const perStep = new Map<string, number>();
  perStep.set("nnc", secondsPerStep(nnc, cfg.repSeconds / 2));
  contenders.push({ key: "nnc", run: (n) => void steps(nnc, n) });
  const peers: Trainer[] = [];
  for (const backend of cfg.tfBackends) {
    const key = `tfjs-${backend}`;
    results[key] = null;
    await useBackend(backend);
    let peer: Trainer;
    let losses: number[];
    try {
      peer = spec.peer(init, batches);
      losses = steps(peer, CHECK_STEPS);
    } catch (e) {
      const why = spec.unsupported?.[backend];
      const msg = e instanceof Error ? e.message.split("\n")[0]! : String(e);
      if (why === undefined) throw e;
      notes.push(`${key}: cannot train this model (${why}); TF.js says: ${msg}`);
      continue;
    }
    const diff = Math.max(...losses.map((l, i) => Math.abs(l - reference[i]!) / Math.max(1, Math.abs(reference[i]!))));
    notes.push(`${key}: first ${CHECK_STEPS} losses agree with nnc's to ${diff.toExponential(1)} (relative)`);
    if (!(diff < 1e-3)) throw new Error(`bench: ${spec.name}: ${key} and nnc disagree on the first losses (${losses.join(", ")} vs ${reference.join(", ")})`);
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
  cfg.log(`  ${spec.name}: ${[...perStep].map(([k, s]) => `${k} ${(s * 1000).toFixed(1)} ms/step`).join(", ")}`);
  const iters = (key: string): number => Math.max(1, Math.round(cfg.repSeconds / perStep.get(key)!));
  const rates = await interleave(contenders, { reps: cfg.reps, iters, workPerIter: spec.batch });
  for (const [k, v] of rates) results[k] = v;
  for (const p of peers) p.dispose();
  return { name: spec.name, unit: "samples/s", higherIsBetter: true, results, notes };
}
