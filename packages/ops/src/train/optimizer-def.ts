/** The record of an optimizer: signature, checks, docs, UI (SettingDef) plus its semantics and its code. */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { ClipSetting, OptimizerKind, OptimizerSetting, SettingValue } from "@nnc/runtime/core";
import type { ArgDef, SettingDef } from "./arg-def.ts";
import type { ElementEmit, StepEmit } from "./emit.ts";

/** The facts of one step for one parameter. */
export interface OptimizerStep {
  readonly args: Readonly<Record<string, SettingValue>>;
  /** This step's learning rate (from the schedule), not args.lr. */
  readonly lr: number;
  /** 1-based step count. */
  readonly t: number;
  /** Weight decay applies to this parameter (rank ≥ 2, or decay_all). */
  readonly decay: boolean;
}

export interface OptimizerDef extends SettingDef<OptimizerKind> {
  /**
   * Per-parameter state arrays for these arguments (sgd without momentum has none), each of the
   * parameter's size, all zero before the first step.
   */
  readonly state: (args: Readonly<Record<string, SettingValue>>) => readonly string[];
  /** Needs the shared 1-based step counter t. */
  readonly counter: boolean;
  /** Has a `weight_decay` argument, so `decay_all` means something. */
  readonly decays: boolean;
  /** One step on one parameter in float64, in place on `w` and the state arrays; `g` is only read. */
  readonly reference: (h: OptimizerStep, w: Float64Array, g: Float64Array, s: Readonly<Record<string, Float64Array>>) => void;
  readonly emit: {
    /** Statements once per step (before every parameter's loop). */
    readonly step?: (c: StepEmit) => string[];
    /** Statements for element `_i` of one parameter. */
    readonly element: (c: ElementEmit) => string[];
  };
}

/**
 * `decay_all = true`: weight decay reaches parameters of rank < 2 too (biases, norm gains). Accepted as an
 * argument by every optimizer with `decays`, and as a train-section key; never part of a setting's args.
 */
export const DECAY_ALL: ArgDef = { name: "decay_all", kind: "bool", doc: "apply weight decay to parameters of rank < 2 too (biases, norm gains)", default: false };

/** The optimizer a train section chose: kind, every argument, and whether decay reaches rank < 2 too. */
export interface OptimizerChoice extends OptimizerSetting {
  /** `decay_all = true`, given as an optimizer argument or as a train-section key (never in args). */
  readonly decayAll: boolean;
}

/** What the update code depends on: the optimizer and the gradient clipping (null: none). */
export interface UpdateSettings {
  readonly optimizer: OptimizerChoice;
  readonly clip: ClipSetting | null;
}

/** A state array of a parameter by name (the record declared it, so a missing one is a bug). */
export function stateArray(s: Readonly<Record<string, Float64Array>>, name: string): Float64Array {
  const a = Object.hasOwn(s, name) ? s[name] : undefined;
  if (a === undefined) throw new InternalCompilerError(`optimizer state \`${name}\` is missing`);
  return a;
}
