/**
 * Browser-side data for training in the page: seeded synthetic 2-D sets (the same families as the
 * runtime's `spirals() moons() circles() xor() blobs()`) and the digits asset. Pure TypeScript, no
 * Node modules, so it runs in the Worker.
 */
import type { PointSet } from "./settings.ts";
import { mulberry32 } from "@nnc/ops";

export interface Examples {
  /** Row-major features, `size × width`. */
  readonly x: Float32Array;
  readonly label: Int32Array;
  readonly size: number;
  readonly width: number;
  readonly classes: number;
}

export interface Split {
  readonly train: Examples;
  readonly test: Examples;
}

/** Seeded uniforms in [0, 1): the op table's mulberry32 (the one initialisers and dropout use). */
export const rng = mulberry32;

/** Standard normal by Box–Muller. */
function gauss(u: () => number): number {
  const a = Math.max(u(), 1e-12);
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}

function point(set: PointSet, i: number, k: number, per: number, classes: number, u: () => number): [number, number] {
  const t = (i + 0.5) / per;
  switch (set) {
    case "spirals": {
      // Arm k: radius 0.1 → 1 over three quarters of a turn, arms rotated by 2π/classes.
      const r = 0.1 + 0.9 * t;
      const a = 1.5 * Math.PI * t + (2 * Math.PI * k) / classes;
      return [r * Math.cos(a), r * Math.sin(a)];
    }
    case "moons": {
      const s = (Math.PI * i) / Math.max(1, per - 1);
      return k === 0 ? [Math.cos(s) - 0.5, Math.sin(s) - 0.25] : [0.5 - Math.cos(s), 0.25 - Math.sin(s)];
    }
    case "circles": {
      const r = k === 0 ? 1 : 0.5;
      return [r * Math.cos(2 * Math.PI * t), r * Math.sin(2 * Math.PI * t)];
    }
    case "xor": {
      const m = (): number => (0.1 + 0.9 * u()) * (u() < 0.5 ? -1 : 1);
      return [m(), m()];
    }
    case "blobs": {
      const a = (2 * Math.PI * k) / classes;
      return [0.7 * Math.cos(a), 0.7 * Math.sin(a)];
    }
  }
}

export function classesOf(set: PointSet): number {
  return set === "blobs" ? 3 : 2;
}

/** `n` points split evenly over the classes, Gaussian noise of std `noise`, shuffled, then split. */
export function pointSet(set: PointSet, n: number, noise: number, testFraction: number, seed: number): Split {
  const u = rng(seed);
  const classes = classesOf(set);
  const x = new Float32Array(n * 2);
  const label = new Int32Array(n);
  let row = 0;
  for (let k = 0; k < classes; k++) {
    const per = Math.floor(n / classes) + (k < n % classes ? 1 : 0);
    for (let i = 0; i < per; i++, row++) {
      const [px, py] = point(set, i, k, per, classes, u);
      const nx = px + noise * gauss(u);
      const ny = py + noise * gauss(u);
      x[2 * row] = nx;
      x[2 * row + 1] = ny;
      label[row] = set === "xor" ? (px * py < 0 ? 1 : 0) : k;
    }
  }
  return splitExamples({ x, label, size: n, width: 2, classes }, testFraction, u);
}

/** Decodes the digits asset (see build/digits-plugin.ts): pixels scaled to [0, 1]. */
export function decodeDigits(buf: ArrayBuffer): Examples {
  const view = new DataView(buf);
  const size = view.getUint32(0, true);
  const bytes = new Uint8Array(buf);
  const label = Int32Array.from(bytes.subarray(4, 4 + size));
  const pixels = bytes.subarray(4 + size, 4 + size + size * 784);
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i]! / 255;
  return { x, label, size, width: 784, classes: 10 };
}

/** A seeded shuffle of all examples, then the last ⌈testFraction·size⌉ are the test set. */
export function splitExamples(all: Examples, testFraction: number, u: () => number): Split {
  const order = Int32Array.from({ length: all.size }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const nTest = Math.min(all.size - 1, Math.ceil(testFraction * all.size));
  const pick = (idx: Int32Array): Examples => {
    const x = new Float32Array(idx.length * all.width);
    const label = new Int32Array(idx.length);
    idx.forEach((r, i) => {
      x.set(all.x.subarray(r * all.width, (r + 1) * all.width), i * all.width);
      label[i] = all.label[r]!;
    });
    return { x, label, size: idx.length, width: all.width, classes: all.classes };
  };
  return { train: pick(order.subarray(0, all.size - nTest)), test: pick(order.subarray(all.size - nTest)) };
}
