import type { DiagnosticCode } from "@nnc/diagnostics";
import type { Attrs, TensorType } from "@nnc/ir";

/** Why a type rule refused its operands; the checker turns it into a diagnostic at the expression. */
export interface TypeRuleError {
  readonly error: string;
  /** Diagnostic code to report it under (defaults to E0301, "shape mismatch"). */
  readonly code?: DiagnosticCode;
  readonly help?: string;
}

export type TypeRuleResult = TensorType | TypeRuleError;

export function isTypeError(r: TypeRuleResult): r is TypeRuleError {
  return "error" in r;
}

/** Derives an op's output type from its operand types and attributes (`OpDef.type`). */
export type TypeRule = (inputs: readonly TensorType[], attrs: Attrs) => TypeRuleResult;

/**
 * What the graph builder needs of the op table: each op's arity and type rule. An `OpLookup` is one; the
 * builder asks for no more so that it does not depend on `OpDef` (whose VJP rules receive a builder).
 */
export type TypeRuleLookup = (op: string) => { readonly arity: number | "variadic"; readonly type: TypeRule } | undefined;
