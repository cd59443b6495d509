/**
 * Training settings: defaults from the program's train section (exactly what `nnc train` would use),
 * overridable in the page and in share links. Optimizers, schedules and clipping are whatever the
 * tables of @nnc/ops hold; the 2-D sets are the runtime core's.
 */
import type { LoweredModel } from "@nnc/compiler";
import { CLIPS, OPTIMIZERS, SCHEDULES } from "@nnc/compiler/settings";
import { DEFAULT_BATCH, DEFAULT_EPOCHS, DEFAULT_SEED, SYNTHETIC_DEFAULTS, SYNTHETIC_SETS, type ClipSetting, type OptimizerSetting, type ScheduleSetting } from "@nnc/runtime/core";
import { DIGITS, isPointSet, NAMES } from "./page-data.ts";
import { fillSetting, parseSetting } from "./setting-args.ts";

export { DIGITS, isPointSet, NAMES, POINT_SETS } from "./page-data.ts";
export type DataKind = string;

export interface TrainSettings {
  /** A point set of POINT_SETS, DIGITS, or NAMES (the char models' text). */
  readonly data: DataKind;
  /** The point set's `n`, `noise` and the held-out fraction `val`, as the data source's arguments. */
  readonly n: number;
  readonly noise: number;
  readonly testFraction: number;
  readonly optimizer: OptimizerSetting;
  /** Weight decay for every parameter, not only those of rank ≥ 2 (optimizers with weight decay). */
  readonly decayAll: boolean;
  readonly schedule: ScheduleSetting;
  readonly clip: ClipSetting | null;
  readonly batch: number;
  readonly epochs: number;
  readonly seed: number;
}

/** Classes of a point set: its `classes` argument where the section gives one, else the set's own. */
export function classesOf(set: string, args: Readonly<Record<string, unknown>> = {}): number {
  const c = args["classes"];
  return typeof c === "number" ? c : (SYNTHETIC_SETS[set]?.classes ?? 2);
}

function defaultNoise(set: string): number {
  return SYNTHETIC_SETS[set]?.noise ?? 0;
}

/**
 * The settings `nnc train` would use for this model (the page's digits stand in for `mnist` and
 * files; `names` is the page's own names asset).
 */
export function defaultSettings(model: LoweredModel | undefined): TrainSettings {
  const t = model?.train;
  const source = t?.data?.source ?? "spirals";
  const data = isPointSet(source) || source === NAMES ? source : DIGITS;
  const arg = (k: string, fallback: number): number => {
    const v = t?.data?.args[k];
    return typeof v === "number" ? v : fallback;
  };
  const opt = t?.optimizer;
  return {
    data,
    n: Math.min(arg("n", SYNTHETIC_DEFAULTS.n), 4000),
    noise: arg("noise", defaultNoise(data)),
    testFraction: arg("val", SYNTHETIC_DEFAULTS.val),
    optimizer: opt === undefined ? fillSetting(OPTIMIZERS, "adam") : { kind: opt.kind, args: opt.args },
    decayAll: opt?.decayAll ?? false,
    schedule: t?.schedule ?? fillSetting(SCHEDULES, "constant"),
    clip: t?.clip ?? null,
    batch: t?.batch ?? DEFAULT_BATCH,
    epochs: t?.epochs ?? DEFAULT_EPOCHS,
    seed: t?.seed ?? DEFAULT_SEED,
  };
}

/**
 * The data source the page trains on: the section's own call when it names this set (so its `seed`
 * and `classes` stay), with the page's n, noise and val (names: the section's call as it is).
 */
export function dataSpec(s: TrainSettings, model: LoweredModel | undefined): { source: string; args: Record<string, number | string> } {
  const section = model?.train?.data;
  const kept = section !== undefined && section.source === s.data ? section.args : {};
  // names() takes its own arguments (context, val, seed: page-data's namesArgsProblem checks them), no n or noise.
  if (s.data === NAMES) return { source: NAMES, args: { ...kept } };
  return { source: s.data, args: { ...kept, n: s.n, noise: s.noise, val: s.testFraction } };
}

/** With the new data set's default noise when the set changes (the noise of one set means little for another). */
export function withData(s: TrainSettings, data: DataKind): TrainSettings {
  return data === s.data ? s : { ...s, data, noise: defaultNoise(data) };
}

/** The new learning rate when it is all that changed from `before` to `after` (it applies mid-run); else null. */
export function lrChange(before: TrainSettings, after: TrainSettings): number | null {
  const lr = after.optimizer.args["lr"];
  const withoutLr = (s: TrainSettings): string => JSON.stringify({ ...s, optimizer: { ...s.optimizer, args: { ...s.optimizer.args, lr: null } } });
  return typeof lr === "number" && lr !== before.optimizer.args["lr"] && withoutLr(before) === withoutLr(after) ? lr : null;
}

/** The fields of `s` that differ from `base` (what a share link needs to restore `s`). */
export function overridesOf(s: TrainSettings, base: TrainSettings): Partial<TrainSettings> {
  const keys = Object.keys(s) as (keyof TrainSettings)[];
  return Object.fromEntries(keys.filter((k) => JSON.stringify(s[k]) !== JSON.stringify(base[k])).map((k) => [k, s[k]]));
}

function num(v: unknown, lo: number, hi: number): number | undefined {
  return typeof v === "number" && Number.isFinite(v) && v >= lo && v <= hi ? v : undefined;
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/** The allowed values of a plain number field: min and max inclusive; `whole`: integers only. */
export interface FieldRange {
  readonly min: number;
  readonly max: number;
  readonly whole: boolean;
}

export type RangedField = "n" | "noise" | "testFraction" | "batch" | "epochs" | "seed";

/** The ranges the page's fields and share links accept (the fields' min/max attributes say the same). */
export const FIELD_RANGES: Readonly<Record<RangedField, FieldRange>> = {
  n: { min: 20, max: 4000, whole: true },
  noise: { min: 0, max: 1, whole: false },
  testFraction: { min: 0.05, max: 0.5, whole: false },
  batch: { min: 1, max: 512, whole: true },
  epochs: { min: 1, max: 10_000, whole: true },
  seed: { min: 0, max: 2 ** 31, whole: true },
};

/** "a whole number from 1 to 512", "a number from 0 to 1": what a field accepts, in words. */
export function rangeText(r: FieldRange): string {
  return `${r.whole ? "a whole number" : "a number"} from ${r.min.toLocaleString("en-US")} to ${r.max.toLocaleString("en-US")}`;
}

/** `text` as a value of the field with range `r`, or the reason it is not one. */
export function readRanged(text: string, r: FieldRange): { readonly value: number } | { readonly problem: string } {
  const t = text.trim();
  const v = t === "" ? NaN : Number(t);
  const allowed = `allowed: ${rangeText(r)}`;
  if (!Number.isFinite(v)) return { problem: t === "" ? `empty; ${allowed}` : `not a number; ${allowed}` };
  if (r.whole && !Number.isInteger(v)) return { problem: `not a whole number; ${allowed}` };
  if (v < r.min || v > r.max) return { problem: `out of range; ${allowed}` };
  return { value: v };
}

/** Keeps only well-formed fields (links come from anywhere); whole-number fields are rounded. */
export function parseSettings(v: unknown): Partial<TrainSettings> {
  if (typeof v !== "object" || v === null) return {};
  const r = v as Record<string, unknown>;
  const out: Mutable<TrainSettings> = {};
  const data = r["data"];
  if (typeof data === "string" && (isPointSet(data) || data === DIGITS || data === NAMES)) out.data = data;
  const optimizer = parseSetting(OPTIMIZERS, r["optimizer"]);
  if (optimizer !== undefined) out.optimizer = optimizer;
  const schedule = parseSetting(SCHEDULES, r["schedule"]);
  if (schedule !== undefined) out.schedule = schedule;
  const clip = r["clip"];
  const clipSetting = parseSetting(CLIPS, clip);
  if (clip === null || clipSetting !== undefined) out.clip = clipSetting ?? null;
  if (typeof r["decayAll"] === "boolean") out.decayAll = r["decayAll"];
  for (const k of Object.keys(FIELD_RANGES) as RangedField[]) {
    const { min, max, whole } = FIELD_RANGES[k];
    const x = num(r[k], min, max);
    if (x !== undefined) out[k] = whole ? Math.round(x) : x;
  }
  return out;
}
