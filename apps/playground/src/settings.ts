/** Training settings: defaults from the program's train section, overridable in the page and links. */
import type { LoweredModel } from "@nnc/lower";

export const POINT_SETS = ["spirals", "moons", "circles", "xor", "blobs"] as const;
export type PointSet = (typeof POINT_SETS)[number];
export type DataKind = PointSet | "digits";
export type OptimizerKind = "sgd" | "adam";

export interface TrainSettings {
  readonly data: DataKind;
  readonly n: number;
  readonly noise: number;
  /** Fraction of the examples held out as the test set. */
  readonly testFraction: number;
  readonly optimizer: OptimizerKind;
  readonly lr: number;
  readonly momentum: number;
  readonly batch: number;
  readonly seed: number;
}

const DEFAULT_NOISE: Readonly<Record<PointSet, number>> = { spirals: 0.1, moons: 0.1, circles: 0.05, xor: 0, blobs: 0.2 };

export function isPointSet(s: string): s is PointSet {
  return (POINT_SETS as readonly string[]).includes(s);
}

/** The data a model's train section names, mapped onto what the page can generate. */
export function defaultSettings(model: LoweredModel | undefined): TrainSettings {
  const t = model?.train;
  const source = t?.data?.source ?? "spirals";
  const data: DataKind = isPointSet(source) ? source : "digits";
  const arg = (k: string, fallback: number): number => {
    const v = t?.data?.args[k];
    return typeof v === "number" ? v : fallback;
  };
  return {
    data,
    n: Math.min(arg("n", 1000), 4000),
    noise: arg("noise", isPointSet(data) ? DEFAULT_NOISE[data] : 0),
    testFraction: 0.2,
    optimizer: t?.optimizer.kind === "sgd" ? "sgd" : "adam",
    lr: t?.optimizer.lr ?? 0.01,
    momentum: t?.optimizer.momentum ?? 0,
    batch: t?.batch ?? 32,
    seed: t?.seed ?? 1,
  };
}

function num(v: unknown, lo: number, hi: number): number | undefined {
  return typeof v === "number" && Number.isFinite(v) && v >= lo && v <= hi ? v : undefined;
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

const RANGES = {
  n: [20, 4000, true],
  noise: [0, 1, false],
  testFraction: [0.05, 0.5, false],
  lr: [1e-6, 10, false],
  momentum: [0, 0.999, false],
  batch: [1, 512, true],
  seed: [0, 2 ** 31, true],
} as const satisfies Record<string, readonly [number, number, boolean]>;

/** Keeps only well-formed fields (links come from anywhere); whole-number fields are rounded. */
export function parseSettings(v: unknown): Partial<TrainSettings> {
  if (typeof v !== "object" || v === null) return {};
  const r = v as Record<string, unknown>;
  const out: Mutable<TrainSettings> = {};
  const data = r["data"];
  if (typeof data === "string" && (isPointSet(data) || data === "digits")) out.data = data;
  const opt = r["optimizer"];
  if (opt === "sgd" || opt === "adam") out.optimizer = opt;
  for (const k of Object.keys(RANGES) as (keyof typeof RANGES)[]) {
    const [lo, hi, whole] = RANGES[k];
    const x = num(r[k], lo, hi);
    if (x !== undefined) out[k] = whole ? Math.round(x) : x;
  }
  return out;
}
