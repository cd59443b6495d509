/**
 * What an optimizer or clipping record's code generator is given. The driver (codegen-ts/src/optimizer.ts)
 * writes the loops; a record writes statements over names the driver chose. Hyperparameters are written
 * as literals of the user's numbers (`arg`), so `1 - β₁` appears as `(1 - 0.9)`, never as
 * 0.09999999999999998; the learning rate is always the run-time `lr` (a schedule changes it per step).
 */
import type { SettingValue } from "@nnc/runtime/core";

/** Hyperparameters as values (for decisions made while generating) and as code literals. */
export interface ArgsEmit {
  /** The argument's value as checked (numbers and booleans). */
  value(name: string): SettingValue;
  /** The argument as a literal in generated code. */
  arg(name: string): string;
}

/** Statements run once per step, before any parameter is updated. */
export interface StepEmit extends ArgsEmit {
  /** The 1-based step count t (a local number), when the record asked for a counter. */
  readonly t: string;
  /** The learning rate of this step (a local). */
  readonly lr: string;
}

/** Statements run for element `_i` of one parameter. */
export interface ElementEmit extends ArgsEmit {
  /** The parameter's element, assignable (`W1[_i]`). */
  readonly w: string;
  /** The gradient element as a local (already clipped); never assign to it. */
  readonly g: string;
  /** The learning rate of this step (a local). */
  readonly lr: string;
  /** Weight decay applies to this parameter (rank ≥ 2, or decay_all). */
  readonly decay: boolean;
  /** The element of the named state array of this parameter, assignable (`_momentum[_i]`). */
  state(name: string): string;
}

/** Clipping: statements once per step over every gradient (`grads[k].g` names the array). */
export interface ClipStepEmit extends ArgsEmit {
  readonly grads: readonly { readonly g: string; readonly size: number }[];
}

/** Clipping: the expression of one gradient element as the update reads it. */
export interface ClipElementEmit extends ArgsEmit {
  /** The raw gradient element (`dW1[_i]`). */
  readonly g: string;
}
