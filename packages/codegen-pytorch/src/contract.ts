/**
 * The contract between the PyTorch emitter's driver (module.ts, program.ts) and its tables: one rule
 * per op of the op table (`PY_OPS satisfies Record<OpName, PyRule>`), per initializer, optimizer,
 * schedule, clipping kind and data source. A rule returns Python source text; everything it writes
 * that came from the user (names, strings, paths) goes through `PyEmit.str` / `PyEmit.ident`.
 */
import type { Dim, Node, TensorType } from "@nnc/ir";

export interface PyEmit {
  /** A Python int expression for a dim: a number, or the symbolic dim's variable (`B`, `B * T`). */
  dim(d: Dim): string;
  /** A Python tuple expression of dims: `(B, 10)`, `(3,)`, `()`. */
  shape(dims: readonly Dim[]): string;
  /** A float literal that round-trips (shortest repr; `float("inf")`, `float("nan")` where needed). */
  num(v: number): string;
  /** A Python string literal of any text (quotes, backslashes, newlines and control characters escaped). */
  str(text: string): string;
  /** The torch dtype expression of an nnc element type under this program's float type (`torch.float32`, `torch.int64`). */
  dtypeOf(t: TensorType): string;
  /** Asks for a helper function in the program's preamble (defined once); returns the name to call. */
  helper(name: string): string;
}

/** What an op rule sees: the node, the Python expressions of its operands (in order) and their IR types. */
export interface PyRuleContext {
  readonly node: Node;
  readonly args: readonly string[];
  readonly inputTypes: readonly TensorType[];
  readonly py: PyEmit;
}

/**
 * One op in PyTorch: `expr` returns a Python expression of the node's value (autograd differentiates
 * it; nnc's backward graph is not emitted), or `unsupported` says why the op has no PyTorch
 * counterpart (shown to the user as E0700 with the op and the target).
 */
export type PyRule = { readonly expr: (c: PyRuleContext) => string } | { readonly unsupported: string };

/** An op the target cannot express: reported by the driver with the node's source span. */
/** What kind of problem: an op without a counterpart, a user name torch reserves, a dim no input carries. */
export type PyUnsupportedKind = "op" | "name" | "dim";

export interface PyUnsupportedOp {
  readonly kind: PyUnsupportedKind;
  readonly op: string;
  readonly node: Node;
  readonly reason: string;
  /** The clashing name, for kind "name" (when it is not the node's id). */
  readonly name?: string;
}
