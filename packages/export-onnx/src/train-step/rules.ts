/**
 * The contract of the training step's tables (optimizers, schedules, clipping). Every rule builds
 * ONNX nodes through `OnnxEmit`. Per-step scalars (the schedule's lr, the optimizer's t and bias
 * corrections) are computed in double from the int64 `step` and cast to the export's float type once,
 * as nnc's generated code computes them in float64; per-element updates are in the export's float type.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { SettingValue } from "@nnc/runtime/core";
import type { OnnxEmit } from "../contract.ts";

/** The setting's arguments as numbers and booleans (every one filled in by the checker). */
export interface SettingArgs {
  /** A number argument; `fallback` for one the checker may leave out (as the runtime's schedules default it). */
  readonly num: (name: string, fallback?: number) => number;
  readonly bool: (name: string) => boolean;
}

/** What a schedule rule sees. */
export interface OnnxScheduleContext extends SettingArgs {
  readonly e: OnnxEmit;
  /** The 0-based optimizer step over the whole run, a double scalar. */
  readonly t: string;
  /** The optimizer's lr (ignored by one_cycle). */
  readonly baseLr: number;
  /** S: the run's total optimizer steps. */
  readonly totalSteps: number;
}

/** A schedule: the double scalar holding the learning rate at step t (runtime/src/schedules.ts). */
export interface OnnxScheduleRule {
  readonly lr: (c: OnnxScheduleContext) => string;
}

/** What an optimizer rule sees once per step. */
export interface OnnxStepContext extends SettingArgs {
  readonly e: OnnxEmit;
  /** This step's learning rate, a double scalar (use `toFloat` before element-wise use). */
  readonly lr: string;
  /** The 1-based step t = step + 1, a double scalar. */
  readonly t: string;
  /** A double scalar cast to the export's float type. */
  readonly toFloat: (double: string) => string;
  /** A constant of the export's float type (rank 0). */
  readonly k: (v: number) => string;
  /** A double constant (rank 0). */
  readonly d: (v: number) => string;
}

/** One parameter's update: its value, its (clipped) gradient and its state arrays by state name. */
export interface OnnxParamUpdate {
  readonly w: string;
  readonly g: string;
  readonly state: Readonly<Record<string, string>>;
  /** Weight decay reaches this parameter (rank ≥ 2 or decay_all) and weight_decay ≠ 0. */
  readonly decay: boolean;
}

/** The new value of a parameter and of each of its state arrays. */
export interface OnnxParamResult {
  readonly w: string;
  readonly state: Readonly<Record<string, string>>;
}

/**
 * An optimizer: `prepare` builds the scalars shared by every parameter (once per step, float type),
 * `update` one parameter's new value and state, exactly as the record's `reference` in @nnc/ops.
 */
export interface OnnxOptimizerRule {
  readonly prepare?: (c: OnnxStepContext) => Readonly<Record<string, string>>;
  readonly update: (c: OnnxStepContext, p: OnnxParamUpdate, shared: Readonly<Record<string, string>>) => OnnxParamResult;
}

/** What a clipping rule sees: every parameter's gradient (ONNX names, export float type). */
export interface OnnxClipContext extends SettingArgs {
  readonly e: OnnxEmit;
  readonly grads: readonly string[];
  readonly k: (v: number) => string;
  readonly d: (v: number) => string;
}

/** Clipping: the clipped gradients, in the order given (packages/ops/src/train/clip.ts). */
export interface OnnxClipRule {
  readonly clip: (c: OnnxClipContext) => string[];
}

/** Number and boolean readers of a setting's arguments; a missing or mistyped one is a checker bug. */
export function settingArgs(args: Readonly<Record<string, SettingValue>>, what: string): SettingArgs {
  const get = (name: string, fallback?: number): SettingValue => {
    const v = Object.hasOwn(args, name) ? args[name] : fallback;
    if (v === undefined) throw new InternalCompilerError(`${what}: argument \`${name}\` is missing`);
    return v;
  };
  return {
    num: (name, fallback) => {
      const v = get(name, fallback);
      if (typeof v !== "number") throw new InternalCompilerError(`${what}: argument \`${name}\` is not a number`);
      return v;
    },
    bool: (name) => {
      const v = get(name);
      if (typeof v !== "boolean") throw new InternalCompilerError(`${what}: argument \`${name}\` is not a boolean`);
      return v;
    },
  };
}
