/** What every workload reports, and the knobs of a run. */

export interface WorkloadResult {
  readonly name: string;
  readonly unit: string;
  /** True for rates (samples/s, GFLOP/s), false for costs (ms, MB). */
  readonly higherIsBetter: boolean;
  /** Median per implementation; null where the implementation cannot run the workload. */
  readonly results: Readonly<Record<string, number | null>>;
  /** Where measured in interleaved repetitions: each implementation's lowest and highest repetition, in `unit` (the run's noise). */
  readonly spread?: Readonly<Record<string, readonly [number, number]>>;
  readonly notes: readonly string[];
}

export interface BenchConfig {
  /** Timed repetitions per implementation (medians are over these). */
  readonly reps: number;
  /** Seconds one timed repetition should take (iteration counts are calibrated to it). */
  readonly repSeconds: number;
  /**
   * Seconds of rest after each repetition of a peer in another process (PyTorch), before the next
   * contender's: its thread pools keep polling after the work. Measured 2026-12-02: after half a second
   * of 256×256 products on two threads, PyTorch 1.13 (OpenBLAS pthread, OpenMP) used 60, 40–50 and 30 ms
   * of CPU in the next three 50 ms windows and none after — time the next contender (nnc, whose worker
   * needs the second core) would otherwise share its cores with.
   */
  readonly settleSeconds: number;
  readonly mlpBatch: number;
  readonly cnnBatch: number;
  readonly matmulSizes: readonly (readonly [number, number, number])[];
  readonly deepLayers: number;
  readonly deepWidth: number;
  readonly memorySteps: number;
  /** Batch of the char-transformer step (examples/char-transformer.nn). */
  readonly charGptBatch: number;
  /** Batch of the LSTM step (examples/lstm-names.nn). */
  readonly lstmBatch: number;
  /** Start the PyTorch peers (bench/torch/peer.py, 1 thread and all threads) or leave PyTorch out. */
  readonly torch: boolean;
  /** Implementations to include among the TF.js peers. */
  readonly tfBackends: readonly ("cpu" | "wasm")[];
  /** Interleaved runs of each start-up command (startup.ts). */
  readonly startupRuns: number;
  readonly log: (line: string) => void;
}

export const FULL_CONFIG: Omit<BenchConfig, "log"> = {
  reps: 7,
  repSeconds: 1,
  settleSeconds: 0.25,
  mlpBatch: 64,
  cnnBatch: 32,
  matmulSizes: [
    [64, 784, 128],
    [256, 256, 256],
  ],
  deepLayers: 100,
  deepWidth: 64,
  memorySteps: 1000,
  charGptBatch: 32,
  lstmBatch: 32,
  torch: true,
  tfBackends: ["cpu", "wasm"],
  startupRuns: 15,
};
