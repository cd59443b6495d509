import type { Attrs, Node, TensorType } from "@nnc/ir";
import type { GraphBuilder } from "./builder.ts";
import type { Tensor } from "./tensor.ts";
import type { TypeRule } from "./type-rule.ts";

// The type-rule vocabulary is part of OpDef's; it lives in type-rule.ts so that builder.ts need not import this file.
export { isTypeError, type TypeRule, type TypeRuleError, type TypeRuleLookup, type TypeRuleResult } from "./type-rule.ts";

/** Looks an op up by name; drivers take one as a parameter so that tests can add or spy on ops. */
export type OpLookup = (op: string) => OpDef | undefined;

/** What a reference evaluation sees besides its operands. */
export interface EvalContext {
  readonly attrs: Attrs;
  /** The output type with every dim concrete. */
  readonly outShape: readonly number[];
  /** Values of the symbolic dims for this evaluation (`B` → 64). */
  readonly dims: Readonly<Record<string, number>>;
  /** True when evaluating a training step (dropout active); the reference interpreter uses false. */
  readonly training: boolean;
}

/** What a Jacobian-transpose rule sees: the forward node, its operand nodes, and the cotangent. */
export interface VjpContext {
  readonly b: GraphBuilder;
  readonly node: Node;
  readonly inputs: readonly Node[];
  /** Id of the cotangent of `node`'s output (same type as the output). */
  readonly cot: string;
  /** `wanted[i]` is false when nobody needs input i's cotangent: the rule must not build it. */
  readonly wanted: readonly boolean[];
}

/** The math of one VJP rule, shown by `nnc grad --explain` and the playground. */
export interface VjpDoc {
  /** e.g. `dA = dZ · Bᵀ` with names substituted: `(names) => string`. */
  readonly formula: (names: VjpNames) => string;
  /** The local Jacobian this applies, e.g. `∂b_i/∂W_jk = δ_ij·a_k`. */
  readonly why: (names: VjpNames) => string;
}

/** Display names: `out` the forward output, `ins` the operands, `d(x)` the cotangent name of x. */
export interface VjpNames {
  readonly out: string;
  readonly ins: readonly string[];
  readonly d: (name: string) => string;
  /** Operand ranks, so a rule can word mat-vec and mat-mat differently. */
  readonly ranks: readonly number[];
}

/**
 * One record per op: its type rule, its float64 reference evaluation, and its Jacobian-transpose rule.
 * Drivers (lowering, autodiff, interpreter, codegen) contain no per-op code: they call these.
 */
export interface OpDef {
  readonly name: string;
  /** Number of operands, or "variadic" (concat). */
  readonly arity: number | "variadic";
  /** One-line description for docs and the playground. */
  readonly summary: string;
  /** Derives the output type from operand types and attributes. */
  readonly type: TypeRule;
  /** Reference evaluation in float64. */
  readonly evaluate: (inputs: readonly Tensor[], ctx: EvalContext) => Tensor;
  /**
   * Builds the cotangents of the operands, one entry per operand: an id, or null where the operand
   * gets no gradient (integer/bool operands, unwanted ones, ops whose derivative is zero).
   */
  readonly vjp: (ctx: VjpContext) => readonly (string | null)[];
  /** Math for each operand's rule, indexed like the operands; absent for operands without gradient. */
  readonly vjpDoc: readonly (VjpDoc | null)[];
  /** True for ops with no operands whose value is random or external (inputs, params, dropout masks). */
  readonly isSource?: boolean;
  /** True for ops whose output is not a differentiable function of inputs (comparisons, casts to int). */
  readonly nonDifferentiable?: boolean;
  /** True for binary ops with op(a, b) = op(b, a) (add, mul, maximum, …): CSE may swap operands. */
  readonly commutative?: boolean;
  /** Sample operand shapes and attributes for the generated gradient tests. */
  readonly samples: readonly OpSample[];
}

export interface OpSample {
  readonly label: string;
  readonly inputs: readonly TensorType[];
  readonly attrs: Attrs;
  /** Keeps random operands inside the op's domain (e.g. positive for log); default uniform(-2, 2). */
  readonly domain?: readonly ("any" | "positive" | "nonzero" | "label" | "bool" | "unit")[];
  /** For label operands, the number of classes (labels drawn in [0, classes)). */
  readonly classes?: number;
}
