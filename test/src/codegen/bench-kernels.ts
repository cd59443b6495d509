/**
 * Benchmark (not a unit test): the generated 4×4-tiled matmul at 64×784×128 against a naive triple
 * loop, interleaved in one process, and the MNIST MLP's training step in samples/s.
 * Run (in test/): npx tsx --conditions=@nnc/source src/codegen/bench-kernels.ts
 */
import { differentiate } from "@nnc/autodiff";
import { generateFrom, loadClass } from "./test-harness.ts";
import { lowerExample } from "./test-programs.ts";

type Mm = (A: Float32Array, ao: number, B: Float32Array, bo: number, C: Float32Array, co: number, M: number, N: number, K: number, acc: boolean) => void;

function naive(A: Float32Array, B: Float32Array, C: Float32Array, M: number, N: number, K: number): void {
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) s += A[i * K + p]! * B[p * N + j]!;
      C[i * N + j] = s;
    }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const model = lowerExample("mnist-mlp.nn", "f32");
const grad = differentiate({ graph: model.graph, of: model.train!.loss });
const gen = generateFrom({ model, grad, optimizer: model.train!.optimizer, dtype: "f32", target: "js", source: { file: "mnist-mlp.nn" } });
const Cls = loadClass(gen.code, gen.className);
const tiled = (Cls as unknown as { mmNN: Mm }).mmNN;

const [M, K, N] = [64, 784, 128];
const A = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i));
const B = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i));
const C = new Float32Array(M * N);
const flops = 2 * M * N * K;
const time = (f: () => void, reps: number): number => {
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) f();
  return (performance.now() - t0) / reps;
};
for (let w = 0; w < 20; w++) {
  naive(A, B, C, M, N, K);
  tiled(A, 0, B, 0, C, 0, M, N, K, false);
}
const tn: number[] = [];
const tt: number[] = [];
for (let r = 0; r < 9; r++) {
  tn.push(time(() => { naive(A, B, C, M, N, K); }, 10));
  tt.push(time(() => { tiled(A, 0, B, 0, C, 0, M, N, K, false); }, 10));
}
const gfN = flops / median(tn) / 1e6;
const gfT = flops / median(tt) / 1e6;

const cm = new Cls(64);
cm.initParams(1);
const x = cm.inputs["x"]!;
const label = cm.inputs["label"]!;
for (let i = 0; i < x.length; i++) x[i] = (Math.sin(i * 0.37) + 1) / 2;
for (let i = 0; i < label.length; i++) label[i] = i % 10;
for (let w = 0; w < 30; w++) cm.trainStep(64);
const steps: number[] = [];
for (let r = 0; r < 7; r++) steps.push(time(() => cm.trainStep(64), 30));
const sps = 64 / (median(steps) / 1000);

console.log("| measure | value |");
console.log("|---|---|");
console.log(`| matmul 64×784×128 naive (GFLOP/s) | ${gfN.toFixed(2)} |`);
console.log(`| matmul 64×784×128 4×4 tiled (GFLOP/s) | ${gfT.toFixed(2)} |`);
console.log(`| tiled / naive | ${(gfT / gfN).toFixed(2)}× |`);
console.log(`| MNIST MLP 784-128-10 adam, batch 64 (samples/s) | ${Math.round(sps)} |`);
