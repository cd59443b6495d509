import { ArgReader, type DataSourceSpec } from "./data-args.ts";
import { makeDataset, splitDataset, type DataSplit } from "./dataset.ts";
import { Rng } from "./rng.ts";

/** A 2-D point generator: fills `xy` (2 floats) for example `i` of class `k`; `rng` draws noise. */
type Generator = (i: number, k: number, perClass: number, rng: Rng, xy: Float32Array, classes: number) => void;

interface SyntheticDef {
  readonly noise: number;
  readonly classes: number;
  readonly generate: Generator;
  /** A label rule applied after generation (xor labels by quadrant), or null when `k` is the label. */
  readonly relabel: ((x: number, y: number) => number) | null;
}

/**
 * Arm `k` of `classes` spirals: the radius grows linearly from 0.1 to 1 over three quarters of a turn
 * (so with 2 arms and noise 0.1 the classes overlap little: a good model reaches ≈ 99 %); arms are
 * rotated by 2π/classes; the noise is Gaussian with std `noise` on each coordinate.
 */
const spiral: Generator = (i, k, perClass, _rng, xy, classes) => {
  const t = (i + 0.5) / perClass;
  const r = 0.1 + 0.9 * t;
  const a = 1.5 * Math.PI * t + (2 * Math.PI * k) / classes;
  xy[0] = r * Math.cos(a);
  xy[1] = r * Math.sin(a);
};

/** scikit-learn's make_moons: the upper moon (cos t, sin t) and the lower (1 − cos t, ½ − sin t). */
const moon: Generator = (i, k, perClass, _rng, xy) => {
  const t = (Math.PI * i) / Math.max(1, perClass - 1);
  xy[0] = k === 0 ? Math.cos(t) : 1 - Math.cos(t);
  xy[1] = k === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
};

/** scikit-learn's make_circles with factor 0.5: class 0 on the unit circle, class 1 on radius 0.5. */
const circle: Generator = (i, k, perClass, _rng, xy) => {
  const t = (2 * Math.PI * i) / perClass;
  const r = k === 0 ? 1 : 0.5;
  xy[0] = r * Math.cos(t);
  xy[1] = r * Math.sin(t);
};

/** Uniform in [−1, 1]² away from the axes (|x|, |y| ≥ 0.1); the label is 1 when x·y < 0. */
const xorPoint: Generator = (_i, _k, _perClass, rng, xy) => {
  for (let d = 0; d < 2; d++) {
    const m = 0.1 + 0.9 * rng.uniform();
    xy[d] = rng.uniform() < 0.5 ? -m : m;
  }
};

/** Gaussian blobs: centres evenly spaced on the unit circle, std `noise`. */
const blob: Generator = (_i, k, _perClass, _rng, xy, classes) => {
  const a = (2 * Math.PI * k) / classes;
  xy[0] = Math.cos(a);
  xy[1] = Math.sin(a);
};

export const SYNTHETIC_SETS: Readonly<Record<string, SyntheticDef>> = {
  spirals: { noise: 0.05, classes: 2, generate: spiral, relabel: null },
  moons: { noise: 0.1, classes: 2, generate: moon, relabel: null },
  circles: { noise: 0.05, classes: 2, generate: circle, relabel: null },
  xor: { noise: 0, classes: 2, generate: xorPoint, relabel: (x, y) => (x * y < 0 ? 1 : 0) },
  blobs: { noise: 0.2, classes: 3, generate: blob, relabel: null },
};

/** The defaults of every synthetic set's `n`, `val` (validation fraction) and `seed` (the data's own seed). */
export const SYNTHETIC_DEFAULTS = { n: 1000, val: 0.2, seed: 0 } as const;

/** Limits of `n` and `classes` (the checker's data-source table, packages/ops/src/train/data-sources.ts, says the same). */
export const MAX_SYNTHETIC_EXAMPLES = 10_000_000;
export const MAX_SYNTHETIC_CLASSES = 1000;

export function isSyntheticSource(name: string): boolean {
  return Object.hasOwn(SYNTHETIC_SETS, name);
}

/**
 * Generates a synthetic 2-D set: fields `x: f32[2]` and `label: i32` (class index), `n` examples in
 * total split evenly over the classes (the first `n mod classes` classes get one more), then a seeded
 * split keeps the fraction `val` for validation. Arguments: n, noise, seed, val, classes (spirals and
 * blobs only).
 */
export function loadSynthetic(spec: DataSourceSpec): DataSplit {
  const def = SYNTHETIC_SETS[spec.source]!;
  const args = new ArgReader(spec);
  const n = args.number("n", SYNTHETIC_DEFAULTS.n, (v) => Number.isInteger(v) && v >= 2 && v <= MAX_SYNTHETIC_EXAMPLES, `a whole number in [2, ${MAX_SYNTHETIC_EXAMPLES}]`);
  const noise = args.number("noise", def.noise, (v) => v >= 0, "at least 0");
  const seed = args.integer("seed", SYNTHETIC_DEFAULTS.seed, 0);
  const val = args.number("val", SYNTHETIC_DEFAULTS.val, (v) => v >= 0 && v < 1, "in [0, 1)");
  const classes = spec.source === "spirals" || spec.source === "blobs" ? args.number("classes", def.classes, (v) => Number.isInteger(v) && v >= 2 && v <= MAX_SYNTHETIC_CLASSES, `a whole number in [2, ${MAX_SYNTHETIC_CLASSES}]`) : def.classes;
  args.finish([]);
  const rng = new Rng(seed);
  const x = new Float32Array(2 * n);
  const label = new Int32Array(n);
  const xy = new Float32Array(2);
  let row = 0;
  for (let k = 0; k < classes; k++) {
    const perClass = Math.floor(n / classes) + (k < n % classes ? 1 : 0);
    for (let i = 0; i < perClass; i++, row++) {
      def.generate(i, k, perClass, rng, xy, classes);
      const px = xy[0]! + noise * rng.normal();
      const py = xy[1]! + noise * rng.normal();
      x[2 * row] = px;
      x[2 * row + 1] = py;
      label[row] = def.relabel === null ? k : def.relabel(xy[0]!, xy[1]!);
    }
  }
  const name = `${spec.source}(n=${n}, noise=${noise}, seed=${seed})`;
  const ds = makeDataset(name, [{ name: "x", shape: [2], data: x, byteScale: 1 }, { name: "label", shape: [], data: label, byteScale: 1 }], (i) => ({ file: name, where: `example ${i}` }));
  return splitDataset(ds, val, seed);
}
