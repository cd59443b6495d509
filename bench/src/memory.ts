/**
 * Memory over many training steps of the generated MLP: the JS heap after a full GC before and after
 * (growth = retained allocation), the peak heap in between, and how many GCs ran (0 means the step
 * allocated next to nothing). The model's typed arrays are outside the heap and reported separately.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { PerformanceObserver } from "node:perf_hooks";
import type { CompiledModel } from "@nnc/runtime";
import { makeBatches } from "./data.ts";
import { nncTrainer } from "./training.ts";
import type { BenchConfig, WorkloadResult } from "./workload.ts";

function isThunk(f: unknown): f is () => void {
  return typeof f === "function";
}

function fullGc(): () => void {
  setFlagsFromString("--expose-gc");
  const gc: unknown = runInNewContext("gc");
  if (!isThunk(gc)) throw new Error("bench: cannot expose the garbage collector");
  return () => {
    gc();
    gc();
  };
}

const MB = 1024 * 1024;

export async function memoryWorkload(createModel: (maxBatch: number) => CompiledModel, batch: number, cfg: BenchConfig): Promise<WorkloadResult> {
  const gc = fullGc();
  const batches = makeBatches(4, batch, 9);
  gc();
  const model = createModel(batch);
  model.initParams(1);
  const t = nncTrainer(model, batches, batch);
  // Warm-up as long as the measurement: until V8 has tiered the step up, its JIT allocates on the heap.
  for (let i = 0; i < cfg.memorySteps; i++) t.step();
  gc();
  // Distinct backing stores of every array the model exposes (one WebAssembly memory when SIMD is on).
  const arrays = [model.params, model.inputs, model.outputs, model.optimizerState].flatMap((r) => Object.values(r));
  const modelBytes = [...new Set(arrays.map((a) => a.buffer))].reduce((s, b) => s + b.byteLength, 0);
  let gcs = 0;
  const obs = new PerformanceObserver((list) => (gcs += list.getEntries().length));
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  let rssPeak = process.memoryUsage().rss;
  obs.observe({ entryTypes: ["gc"] });
  for (let i = 0; i < cfg.memorySteps; i++) {
    t.step();
    if (i % 50 === 0) {
      const u = process.memoryUsage();
      peak = Math.max(peak, u.heapUsed);
      rssPeak = Math.max(rssPeak, u.rss);
    }
  }
  const heapNoGc = process.memoryUsage().heapUsed - heap0;
  // The observer reports asynchronously: let queued GC entries arrive before disconnecting.
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  gc();
  const growth = process.memoryUsage().heapUsed - heap0;
  return {
    name: `memory-mlp-${cfg.memorySteps}-steps`,
    unit: "MB heap growth",
    higherIsBetter: false,
    results: { nnc: growth / MB },
    notes: [
      `model buffers (planned once for batch ${batch}, backing stores of its arrays): ${(modelBytes / MB).toFixed(2)} MB`,
      `heap growth without GC over ${cfg.memorySteps} steps: ${(heapNoGc / 1024).toFixed(1)} KB; GCs during the steps: ${gcs}`,
      `peak heap during the steps: ${((peak - heap0) / MB).toFixed(2)} MB above the start; peak process RSS ${(rssPeak / MB).toFixed(0)} MB (TF.js included)`,
    ],
  };
}
