import { mulberry32 } from "@nnc/compiler";

/** Seeded synthetic MNIST-shaped batches (pixels in [0, 1), labels in [0, 10)), shared by every peer. */

/** A training batch: the model's inputs by name (a type, not an interface: it is a Record). */
export type Inputs = Readonly<Record<string, Float32Array | Int32Array>>;

export type Batch = {
  readonly x: Float32Array;
  readonly label: Int32Array;
};

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

/**
 * Seeded token rows for the language models (char-transformer.nn, lstm-names.nn): x and y ids in
 * [0, vocab), mask 1 on about 60 % of the positions (a padded row's real targets), as f32.
 */
export function makeTokenBatches(count: number, batch: number, t: number, vocab: number, seed: number): Inputs[] {
  const u = mulberry32(seed);
  const ids = (): Int32Array => Int32Array.from({ length: batch * t }, () => Math.floor(u() * vocab));
  return Array.from({ length: count }, () => {
    const x = ids();
    const y = ids();
    const mask = Float32Array.from({ length: batch * t }, () => (u() < 0.6 ? 1 : 0));
    return { x, y, mask };
  });
}
