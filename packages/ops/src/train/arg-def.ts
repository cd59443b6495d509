/**
 * The parts every training-setting record shares: its arguments (kind, default, valid range, docs,
 * playground control) and its signature. A setting written in a `.nn` file (`adam(lr = 0.01)`) is
 * checked against these records by the lowering and becomes a `Setting` with every argument filled in.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { Setting, SettingValue } from "@nnc/runtime/core";

/** number: finite; int: a whole number; bool: `true`/`false`. */
export type ArgKind = "number" | "int" | "bool";

/** A playground control for a number: a slider from min to max (log scale: evenly spaced exponents). */
export interface ArgUi {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly log?: boolean;
  /** Where the control starts for a required argument (one without a default). */
  readonly start?: number;
}

export interface ArgDef {
  readonly name: string;
  readonly kind: ArgKind;
  readonly doc: string;
  /** The value when the argument is omitted; absent: the argument is required. */
  readonly default?: number | boolean;
  /** Valid numbers, and how to say so in a diagnostic ("in [0, 1)"). */
  readonly range?: readonly [test: (v: number) => boolean, text: string];
  /** Numbers only: the playground's control. */
  readonly ui?: ArgUi;
}

/** A cross-argument problem found after every argument is in range: the argument to point at, and why. */
export interface ArgProblem {
  readonly arg: string;
  readonly message: string;
}

export interface SettingDef<K extends string> {
  readonly kind: K;
  /** A short name for menus ("Adam (decoupled weight decay)"). */
  readonly label: string;
  /** One paragraph for the reference docs: what it does, with the formula. */
  readonly doc: string;
  /** A call that works, for messages and docs. */
  readonly example: string;
  readonly args: readonly ArgDef[];
  /** Names of the arguments that may be given by position, in order. */
  readonly positional: readonly string[];
  readonly validate?: (args: Readonly<Record<string, SettingValue>>) => ArgProblem | undefined;
}

/** The signature as documented: `adam(lr = 0.001, beta1 = 0.9, …)`; required arguments bare. */
export function signatureText(def: SettingDef<string>): string {
  return `${def.kind}(${def.args.map((a) => (a.default === undefined ? a.name : `${a.name} = ${String(a.default)}`)).join(", ")})`;
}

/** The setting with every argument at its default, or undefined when an argument is required. */
export function settingDefaults<K extends string>(def: SettingDef<K>): Setting<K> | undefined {
  const args: Record<string, SettingValue> = {};
  for (const a of def.args) {
    if (a.default === undefined) return undefined;
    args[a.name] = a.default;
  }
  return { kind: def.kind, args };
}

/** A number argument of a checked setting (a missing or non-number one is a compiler bug). */
export function numArg(args: Readonly<Record<string, SettingValue>>, name: string): number {
  const v = Object.hasOwn(args, name) ? args[name] : undefined;
  if (typeof v !== "number") throw new InternalCompilerError(`training setting argument \`${name}\` is ${v === undefined ? "missing" : `not a number (${typeof v})`}`);
  return v;
}

/** A boolean argument of a checked setting. */
export function boolArg(args: Readonly<Record<string, SettingValue>>, name: string): boolean {
  const v = Object.hasOwn(args, name) ? args[name] : undefined;
  if (typeof v !== "boolean") throw new InternalCompilerError(`training setting argument \`${name}\` is ${v === undefined ? "missing" : `not a boolean (${typeof v})`}`);
  return v;
}

// Ranges shared by several records.
export const POSITIVE = [(v: number) => v > 0, "greater than 0"] as const;
export const NON_NEGATIVE = [(v: number) => v >= 0, "at least 0"] as const;
export const UNIT_OPEN = [(v: number) => v >= 0 && v < 1, "in [0, 1)"] as const;

/** The learning rate argument; `dflt` undefined makes it required (sgd). */
export function lrArg(dflt: number | undefined): ArgDef {
  return {
    name: "lr",
    kind: "number",
    doc: "the base learning rate (a schedule scales it per step)",
    ...(dflt === undefined ? {} : { default: dflt }),
    range: POSITIVE,
    ui: { label: "learning rate", min: 1e-5, max: 1, step: 1e-5, log: true, ...(dflt === undefined ? { start: 0.1 } : {}) },
  };
}

export function decayArg(dflt: number, doc: string): ArgDef {
  return { name: "weight_decay", kind: "number", doc, default: dflt, range: NON_NEGATIVE, ui: { label: "weight decay", min: 0, max: 0.1, step: 1e-4 } };
}

export function epsArg(dflt: number): ArgDef {
  return { name: "eps", kind: "number", doc: "added to the denominator for numerical stability", default: dflt, range: POSITIVE, ui: { label: "epsilon", min: 1e-12, max: 1e-3, step: 1e-12, log: true } };
}

export function betaArg(name: string, dflt: number, doc: string): ArgDef {
  return { name, kind: "number", doc, default: dflt, range: UNIT_OPEN, ui: { label: name, min: 0, max: 0.9999, step: 1e-4 } };
}

export function momentumArg(doc: string): ArgDef {
  return { name: "momentum", kind: "number", doc, default: 0, range: UNIT_OPEN, ui: { label: "momentum", min: 0, max: 0.99, step: 0.01 } };
}
