/** The smoke configuration: one repetition, tiny batches and matrices; checks that everything runs. */
import type { BenchConfig } from "./workload.ts";

export const QUICK_CONFIG: Omit<BenchConfig, "log"> = {
  reps: 1,
  repSeconds: 0.02,
  settleSeconds: 0,
  mlpBatch: 4,
  cnnBatch: 2,
  matmulSizes: [[8, 16, 12]],
  deepLayers: 3,
  deepWidth: 8,
  memorySteps: 20,
  charGptBatch: 2,
  lstmBatch: 2,
  // PyTorch takes 1.3 CPU s (2.5 s wall on a loaded machine) to import: bench.test.ts checks the peer separately.
  torch: false,
  tfBackends: ["cpu", "wasm"],
  startupRuns: 1,
};
