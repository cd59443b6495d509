import { mulberry32 } from "@nnc/compiler";

/** Seeded synthetic MNIST-shaped batches (pixels in [0, 1), labels in [0, 10)), shared by every peer. */

export interface Batch {
  readonly x: Float32Array;
  readonly label: Int32Array;
}


export function makeBatches(count: number, batch: number, seed: number): Batch[] {
  const u = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const x = new Float32Array(batch * 784);
    for (let i = 0; i < x.length; i++) x[i] = u();
    const label = new Int32Array(batch);
    for (let i = 0; i < batch; i++) label[i] = Math.floor(u() * 10);
    return { x, label };
  });
}

export function randomMatrix(rows: number, cols: number, seed: number): Float32Array {
  const u = mulberry32(seed);
  const a = new Float32Array(rows * cols);
  for (let i = 0; i < a.length; i++) a[i] = 2 * u() - 1;
  return a;
}
