/**
 * The PyTorch reference tables (test/reference/train-tables.json, made by
 * scripts/torch-reference/make-train-tables.py in float64) and the comparison the *-torch tests use.
 * The tests need only this JSON, never torch.
 */
import { readFileSync } from "node:fs";
import type { ClipSetting, OptimizerKind, ScheduleSetting, SettingValue } from "@nnc/runtime/core";

/** Values of the two parameters, flattened row-major: W (2×3, rank 2) and b (3, rank 1). */
export interface ParamValues {
  readonly W: readonly number[];
  readonly b: readonly number[];
}

export interface OptimizerCase {
  readonly name: string;
  readonly optimizer: { readonly kind: OptimizerKind; readonly args: Readonly<Record<string, SettingValue>> };
  readonly decayAll: boolean;
  readonly clip: ClipSetting | null;
  /** A schedule over the 5 steps (torch's scheduler stepped after each optimizer step), or null: constant lr. */
  readonly schedule: (ScheduleSetting & { readonly totalSteps: number }) | null;
  /** The torch call that made the numbers. */
  readonly torch: string;
  /** The lr torch used at each step (args.lr throughout without a schedule). */
  readonly lr: readonly number[];
  /** The params after each step (steps 1…5). */
  readonly steps: readonly ParamValues[];
}

export interface ScheduleCase {
  readonly name: string;
  readonly schedule: ScheduleSetting;
  readonly baseLr: number;
  readonly totalSteps: number;
  readonly torch: string;
  readonly reference: "torch" | "formula";
  /** lr at t = 0 … totalSteps − 1. */
  readonly lr: readonly number[];
}

export interface ClipCase {
  readonly clip: ClipSetting;
  readonly torch: string;
  /** Per gradient set: its global norm and its clipped gradients. */
  readonly steps: readonly (ParamValues & { readonly norm: number })[];
}

/** A whole run: `epochs` epochs of `examples` identical one-row steps on the loss `loss`, under a schedule. */
export interface SessionCase extends Pick<OptimizerCase, "name" | "optimizer" | "decayAll" | "clip" | "torch"> {
  readonly schedule: ScheduleSetting;
  readonly epochs: number;
  readonly examples: number;
  readonly batch: number;
  readonly totalSteps: number;
  /** The train section's loss, in `.nn` syntax (torch evaluated the same expression). */
  readonly loss: string;
  /** Per step t = 0 … S−1: torch's lr, the loss before the update, the params after it. */
  readonly lr: readonly number[];
  readonly losses: readonly number[];
  readonly steps: readonly ParamValues[];
}

export interface TorchTables {
  readonly torch: string;
  readonly dtype: string;
  readonly params: { readonly W: { readonly shape: readonly number[]; readonly values: readonly number[] }; readonly b: { readonly shape: readonly number[]; readonly values: readonly number[] } };
  readonly gradients: readonly ParamValues[];
  readonly optimizers: readonly OptimizerCase[];
  readonly schedules: readonly ScheduleCase[];
  readonly clipping: readonly ClipCase[];
  readonly sessions: readonly SessionCase[];
}

const FILE = new URL("../reference/train-tables.json", import.meta.url);

/** The tables, with the few structural facts every test relies on checked (a broken file fails loudly). */
export function loadTorchTables(): TorchTables {
  const t = JSON.parse(readFileSync(FILE, "utf8")) as TorchTables;
  const sized = (v: ParamValues): boolean => v.W.length === 6 && v.b.length === 3 && [...v.W, ...v.b].every(Number.isFinite);
  if (t.dtype !== "float64" || !sized({ W: t.params.W.values, b: t.params.b.values }) || !t.gradients.every(sized)) {
    throw new Error(`${FILE.pathname}: not the float64 tables this test expects`);
  }
  for (const c of t.optimizers) if (c.steps.length !== t.gradients.length || c.lr.length !== t.gradients.length || !c.steps.every(sized)) throw new Error(`${FILE.pathname}: optimizer case ${c.name} is malformed`);
  for (const c of t.sessions) if (![c.lr, c.losses, c.steps].every((a) => a.length === c.totalSteps)) throw new Error(`${FILE.pathname}: run ${c.name} is malformed`);
  for (const c of t.schedules) if (c.lr.length !== c.totalSteps) throw new Error(`${FILE.pathname}: schedule case ${c.name} has ${c.lr.length} rates for ${c.totalSteps} steps`);
  return t;
}

/**
 * The largest relative error |a − b| / max(|b|, floor) over two equal-length lists; `floor` keeps
 * values that cancel to near zero from turning rounding into a large ratio.
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: readonly number[], floor = 1): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    const err = Math.abs(a - b) / Math.max(Math.abs(b), floor);
    // A NaN error must fail the comparison, not vanish in Math.max.
    worst = Number.isNaN(err) ? Number.POSITIVE_INFINITY : Math.max(worst, err);
  }
  return worst;
}

/** Float64 tolerance for "the same formula, evaluated in a different order". */
export const TOLERANCE = 1e-12;
