/**
 * Parameter initializers (`param W: f32[2, 3] = he_uniform()`): one record per ParamInit kind with its
 * signature, check, docs, float64 semantics (the interpreter's) and generated code (codegen-ts), which
 * agree bit for bit: the same draws in the same order. Each parameter draws from its own uniform stream;
 * a normal is Box-Muller z = √(−2 ln(1 − u₁))·cos(2π u₂), one per two uniforms (prng.ts `gaussian`).
 * Fans: rank 4 [O, C, KH, KW] fan_in = C·KH·KW, fan_out = O·KH·KW; other rank ≥ 2 [..., a, b]
 * (used as x @ W) fan_in = a, fan_out = b; rank ≤ 1 fan_in = fan_out = the element count.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { ParamInit } from "@nnc/ir";
import type { ArgProblem } from "./arg-def.ts";

export type InitKind = ParamInit["kind"];
export type InitOf<K extends InitKind> = ParamInit & { readonly kind: K };

export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/** The draws an initializer may use: uniforms in [0, 1) and standard normals from the same stream. */
export interface Draws {
  uniform(): number;
  normal(): number;
}

/** number: a constant; list: a nested list matching the parameter's shape (flattened row-major). */
export interface InitArgDef {
  readonly name: string;
  readonly kind: "number" | "list";
  readonly doc: string;
  readonly default?: number;
}

export type InitArgs = Readonly<Record<string, number | readonly number[]>>;

/** Code of one initializer: an element expression (`_u()` draws a uniform), or literal values. */
export type InitCode = { readonly expr: string } | { readonly values: readonly number[] };

// Methods (not function properties) so that a record of one kind is usable where any kind is expected.
export interface InitializerDef<K extends InitKind> {
  readonly kind: K;
  readonly doc: string;
  readonly formula: string;
  readonly example: string;
  readonly args: readonly InitArgDef[];
  make(a: InitArgs): InitOf<K>;
  validate?(init: InitOf<K>): ArgProblem | undefined;
  /** Element `i` (row-major) in float64. */
  sample(init: InitOf<K>, f: Fans, d: Draws, i: number): number;
  code(init: InitOf<K>, f: Fans, lit: (x: number) => string): InitCode;
}

/** A standard normal in generated code: the same two draws in the same order as `gaussian`. */
export const NORMAL_CODE = "Math.sqrt(-2 * Math.log(1 - _u())) * Math.cos(2 * Math.PI * _u())";

export function fans(shape: readonly number[]): Fans {
  if (shape.length === 4) {
    const [o, c, kh, kw] = shape as [number, number, number, number];
    return { fanIn: c * kh * kw, fanOut: o * kh * kw };
  }
  if (shape.length >= 2) return { fanIn: shape[shape.length - 2]!, fanOut: shape[shape.length - 1]! };
  const n = shape.reduce((a, b) => a * b, 1);
  return { fanIn: n, fanOut: n };
}

function n(a: InitArgs, name: string): number {
  const v = a[name];
  if (typeof v !== "number") throw new InternalCompilerError(`initializer argument \`${name}\` is not a number`);
  return v;
}

type Fixed = "zeros" | "ones" | "glorot_uniform" | "glorot_normal" | "he_uniform" | "he_normal";

/** An initializer without arguments: its value from the fans and the draws, and its code. */
function fixed<K extends Fixed>(kind: K, doc: string, formula: string, sample: (f: Fans, d: Draws) => number, code: (f: Fans) => string): InitializerDef<K> {
  return {
    kind,
    doc,
    formula,
    example: `${kind}()`,
    args: [],
    make: () => ({ kind }),
    sample: (_init, f, d) => sample(f, d),
    code: (_init, f) => ({ expr: code(f) }),
  };
}

export const INITIALIZERS: { readonly [K in InitKind]: InitializerDef<K> } = {
  zeros: fixed("zeros", "Every element 0 (the default for rank ≤ 1).", "0", () => 0, () => "0"),
  ones: fixed("ones", "Every element 1.", "1", () => 1, () => "1"),
  glorot_uniform: fixed("glorot_uniform", "Glorot/Xavier uniform (the default for rank ≥ 2).", "U(−a, a), a = √(6/(fan_in + fan_out))", (f, d) => (2 * d.uniform() - 1) * Math.sqrt(6 / (f.fanIn + f.fanOut)), (f) => `(2 * _u() - 1) * Math.sqrt(6 / (${f.fanIn} + ${f.fanOut}))`),
  glorot_normal: fixed("glorot_normal", "Glorot/Xavier normal.", "N(0, σ²), σ = √(2/(fan_in + fan_out))", (f, d) => Math.sqrt(2 / (f.fanIn + f.fanOut)) * d.normal(), (f) => `Math.sqrt(2 / (${f.fanIn} + ${f.fanOut})) * (${NORMAL_CODE})`),
  he_uniform: fixed("he_uniform", "He/Kaiming uniform, for ReLU layers.", "U(−a, a), a = √(6/fan_in)", (f, d) => (2 * d.uniform() - 1) * Math.sqrt(6 / f.fanIn), (f) => `(2 * _u() - 1) * Math.sqrt(6 / ${f.fanIn})`),
  he_normal: fixed("he_normal", "He/Kaiming normal, for ReLU layers.", "N(0, σ²), σ = √(2/fan_in)", (f, d) => Math.sqrt(2 / f.fanIn) * d.normal(), (f) => `Math.sqrt(2 / ${f.fanIn}) * (${NORMAL_CODE})`),
  constant: {
    kind: "constant",
    doc: "Every element the given value.",
    formula: "value",
    example: "constant(0.1)",
    args: [{ name: "value", kind: "number", doc: "the value of every element" }],
    make: (a) => ({ kind: "constant", value: n(a, "value") }),
    sample: (init) => init.value,
    code: (init, _f, lit) => ({ expr: lit(init.value) }),
  },
  normal: {
    kind: "normal",
    doc: "Normally distributed.",
    formula: "mean + std·N(0, 1)",
    example: "normal(std = 0.1)",
    args: [
      { name: "mean", kind: "number", doc: "the mean", default: 0 },
      { name: "std", kind: "number", doc: "the standard deviation (≥ 0)", default: 1 },
    ],
    make: (a) => ({ kind: "normal", mean: n(a, "mean"), std: n(a, "std") }),
    validate: (init) => (init.std >= 0 ? undefined : { arg: "std", message: `the standard deviation must not be negative, got ${init.std}` }),
    sample: (init, _f, d) => init.mean + init.std * d.normal(),
    code: (init, _f, lit) => ({ expr: `${lit(init.mean)} + ${lit(init.std)} * (${NORMAL_CODE})` }),
  },
  uniform: {
    kind: "uniform",
    doc: "Uniformly distributed in [low, high).",
    formula: "low + (high − low)·U[0, 1)",
    example: "uniform(-0.1, 0.1)",
    args: [
      { name: "low", kind: "number", doc: "the lower bound (included)" },
      { name: "high", kind: "number", doc: "the upper bound (excluded), above low" },
    ],
    make: (a) => ({ kind: "uniform", low: n(a, "low"), high: n(a, "high") }),
    validate: (init) => (init.low < init.high ? undefined : { arg: "high", message: `\`uniform\` needs low < high, got low = ${init.low} and high = ${init.high}` }),
    sample: (init, _f, d) => init.low + (init.high - init.low) * d.uniform(),
    code: (init, _f, lit) => ({ expr: `${lit(init.low)} + (${lit(init.high)} - ${lit(init.low)}) * _u()` }),
  },
  values: {
    kind: "values",
    doc: "The given values: a nested list with the parameter's shape, read row-major.",
    formula: "values[i]",
    example: "values([[1, 0], [0, 1]])",
    args: [{ name: "values", kind: "list", doc: "a nested list of numbers with the parameter's shape" }],
    make: (a) => {
      const v = a.values;
      if (v === undefined || typeof v === "number") throw new InternalCompilerError("values(): the argument is not a list");
      return { kind: "values", values: v };
    },
    sample: (init, _f, _d, i) => {
      const v = init.values[i];
      if (v === undefined) throw new InternalCompilerError(`values(): no element ${i} among ${init.values.length}`);
      return v;
    },
    code: (init) => ({ values: init.values }),
  },
};

/** The record of an init's kind, typed for that init. */
export function initializerOf<K extends InitKind>(init: InitOf<K>): InitializerDef<K> {
  return INITIALIZERS[init.kind] as InitializerDef<InitKind> as InitializerDef<K>;
}

/** A parameter without an initializer: glorot_uniform at rank ≥ 2, zeros otherwise. */
export function defaultInit(rank: number): ParamInit {
  return rank >= 2 ? { kind: "glorot_uniform" } : { kind: "zeros" };
}

/** Every element of a parameter of concrete `shape`, row-major, drawn in order from `d`. */
export function sampleInit(init: ParamInit, shape: readonly number[], d: Draws, out: { length: number; [i: number]: number }): void {
  const def = initializerOf(init);
  const f = fans(shape);
  for (let i = 0; i < out.length; i++) out[i] = def.sample(init, f, d, i);
}
