/**
 * The typed AST of a `.nn` program. Every node carries the source span it was parsed from.
 * The AST is what the parser promises the checker: its shape changes only together with both.
 */
import type { Span } from "@nnc/diagnostics";

export interface Ident {
  readonly kind: "Ident";
  readonly name: string;
  readonly span: Span;
}

// ---- types and dimensions -------------------------------------------------------------------

export type DimExpr = DimNumber | DimName | DimBinary;

export interface DimNumber {
  readonly kind: "DimNumber";
  readonly value: number;
  readonly span: Span;
}

export interface DimName {
  readonly kind: "DimName";
  readonly name: string;
  readonly span: Span;
}

export interface DimBinary {
  readonly kind: "DimBinary";
  readonly op: "+" | "-" | "*" | "/";
  readonly left: DimExpr;
  readonly right: DimExpr;
  readonly span: Span;
}

/** `f32[B, 784]`; `f32` alone and `f32[]` are scalars (`dims` empty, `bracketed` tells which was written). */
export interface TensorTypeExpr {
  readonly kind: "TensorType";
  readonly dtype: Ident;
  readonly dims: readonly DimExpr[];
  readonly bracketed: boolean;
  /**
   * The span of a leading `...` (`f32[..., D]`, `i32[...]`): any number (0 or more) of leading axes before
   * `dims`, which are then the trailing axes. Only in a block's tensor parameters and results; every `...` of one
   * signature is the same axes. Absent when none was written (the parser drops and reports any other `...`).
   */
  readonly ellipsis?: Span;
  readonly span: Span;
}

/** The non-tensor types of block parameters: `k: dim`, `alpha: float`, `n: int`, `flag: bool`. */
export interface KindTypeExpr {
  readonly kind: "KindType";
  readonly name: Ident;
  readonly span: Span;
}

// ---- expressions ----------------------------------------------------------------------------

export type Expr = NumberLit | StringLit | NameRef | ListLit | UnaryExpr | BinaryExpr | CallExpr | IndexExpr | TupleExpr | PathExpr;

export interface NumberLit {
  readonly kind: "Number";
  /** The parsed value; may be Infinity for `1e999` (the checker reports that). */
  readonly value: number;
  readonly raw: string;
  /** Written without `.` or exponent, e.g. `3`. */
  readonly isInteger: boolean;
  readonly span: Span;
}

export interface StringLit {
  readonly kind: "String";
  /** The value with escapes resolved. */
  readonly value: string;
  readonly span: Span;
}

export interface NameRef {
  readonly kind: "Name";
  readonly name: string;
  readonly span: Span;
}

export interface ListLit {
  readonly kind: "List";
  readonly elements: readonly Expr[];
  readonly span: Span;
}

export interface UnaryExpr {
  readonly kind: "Unary";
  readonly op: "-";
  readonly operand: Expr;
  readonly span: Span;
}

export type BinaryOp = "+" | "-" | "*" | "/" | "@" | "^" | "<" | "<=" | ">" | ">=" | "==" | "!=";

export interface BinaryExpr {
  readonly kind: "Binary";
  readonly op: BinaryOp;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface NamedArg {
  readonly kind: "NamedArg";
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/**
 * `f(a, b, k = v)`. A pipe `x |> f(k = v)` is parsed to the same node with `x` as the first
 * positional argument and `piped` set; `x |> f` becomes `f(x)`.
 */
export interface CallExpr {
  readonly kind: "Call";
  readonly callee: Ident;
  readonly args: readonly Expr[];
  readonly named: readonly NamedArg[];
  readonly piped: boolean;
  readonly span: Span;
}

/** One item between the brackets of an index expression. */
export type IndexItem = IndexAt | SliceItem | EllipsisItem;

/** `x[i]`: a static integer (or dim expression) index; it removes the axis. Negative counts from the end. */
export interface IndexAt {
  readonly kind: "IndexAt";
  readonly value: Expr;
  readonly span: Span;
}

/** `a:b`, `:b`, `a:`, `:` — keeps the axis; a missing bound is the start or the end. */
export interface SliceItem {
  readonly kind: "Slice";
  readonly start: Expr | null;
  readonly end: Expr | null;
  readonly span: Span;
}

/** `...`: as many `:` as needed so the remaining items address the last axes. At most one per index. */
export interface EllipsisItem {
  readonly kind: "Ellipsis";
  readonly span: Span;
}

/** `hs[:, -1]`, `x[..., 0:2]` (postfix, binds like a call: `f(x)[0]` and `a.b[1]` index the call / path). */
export interface IndexExpr {
  readonly kind: "Index";
  readonly target: Expr;
  readonly items: readonly IndexItem[];
  readonly span: Span;
}

/** `(h0, c0)`: two or more comma-separated expressions in parentheses (a parenthesised single expression is not a tuple). */
export interface TupleExpr {
  readonly kind: "Tuple";
  readonly elements: readonly Expr[];
  readonly span: Span;
}

/**
 * A parameter path `h1.W`, `y.0.attn.Wq`: `head` is a name in scope (a block call's binding), each segment
 * an identifier or a whole number (a repetition of `repeat`). `NameRef` stays the form of a plain name.
 */
export interface PathExpr {
  readonly kind: "Path";
  readonly head: Ident;
  readonly segments: readonly Ident[];
  readonly span: Span;
}

// ---- statements -----------------------------------------------------------------------------

export type Stmt = ParamStmt | BindingStmt | TupleBindingStmt | BufferStmt | NextStmt | ReturnStmt;

/** `param W: f32[3, 3] = normal(std = 0.1)`; `init` is null when no initializer was written. */
export interface ParamStmt {
  readonly kind: "Param";
  readonly name: Ident;
  readonly type: TensorTypeExpr;
  readonly init: CallExpr | null;
  readonly doc?: string;
  readonly span: Span;
}

export interface BindingStmt {
  readonly kind: "Binding";
  readonly name: Ident;
  readonly value: Expr;
  readonly doc?: string;
  readonly span: Span;
}

/** `(a, b) = expr`: destructures a tuple (from `split`, a block with several results, `scan`); two or more names. */
export interface TupleBindingStmt {
  readonly kind: "TupleBinding";
  readonly names: readonly Ident[];
  readonly value: Expr;
  readonly doc?: string;
  readonly span: Span;
}

/** `buffer mean_run: f32[C] = zeros()`: non-trainable state; `init` null when none was written (zeros). */
export interface BufferStmt {
  readonly kind: "Buffer";
  readonly name: Ident;
  readonly type: TensorTypeExpr;
  readonly init: CallExpr | null;
  readonly doc?: string;
  readonly span: Span;
}

/** `next mean_run = 0.9 * mean_run + 0.1 * m`: the buffer's value after each training step. */
export interface NextStmt {
  readonly kind: "Next";
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** `return expr` or `return (a, b)` (a `Tuple` value for a block with several results). */
export interface ReturnStmt {
  readonly kind: "Return";
  readonly value: Expr;
  readonly span: Span;
}

// ---- declarations ---------------------------------------------------------------------------

export type Item = DimDecl | ModelDecl | BlockDecl | TrainDecl;

export interface DimDecl {
  readonly kind: "Dim";
  readonly names: readonly Ident[];
  readonly doc?: string;
  readonly span: Span;
}

/** A model input or output, `x: f32[B, 784]`. */
export interface Signature {
  readonly kind: "Signature";
  readonly name: Ident;
  readonly type: TensorTypeExpr;
  readonly span: Span;
}

export interface ModelDecl {
  readonly kind: "Model";
  readonly name: Ident;
  readonly inputs: readonly Signature[];
  readonly outputs: readonly Signature[];
  readonly body: readonly Stmt[];
  readonly doc?: string;
  readonly span: Span;
}

export interface BlockParam {
  readonly kind: "BlockParam";
  readonly name: Ident;
  readonly type: TensorTypeExpr | KindTypeExpr;
  readonly default: Expr | null;
  readonly span: Span;
}

/** `-> (h: f32[B, H], c: f32[B, H])`: a block with several named results, returned as a tuple in this order. */
export interface ResultsType {
  readonly kind: "Results";
  readonly results: readonly Signature[];
  readonly span: Span;
}

export interface BlockDecl {
  readonly kind: "Block";
  readonly name: Ident;
  readonly params: readonly BlockParam[];
  /** One tensor type (`-> f32[B, H]`), or named results (`-> (h: …, c: …)`, also for a single one). */
  readonly returnType: TensorTypeExpr | ResultsType;
  /** Statements in source order, including the `return` (exactly one is required; the checker says so). */
  readonly body: readonly Stmt[];
  readonly doc?: string;
  readonly span: Span;
}

/** `input label: i32[B]` inside a train section. */
export interface TrainInput {
  readonly kind: "TrainInput";
  readonly name: Ident;
  readonly type: TensorTypeExpr;
  readonly span: Span;
}

/** `loss = …`, `optimizer = adam(lr = 0.001)`, `batch = 64`, … — keys are validated by the checker. */
export interface TrainSetting {
  readonly kind: "TrainSetting";
  readonly key: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export interface TrainDecl {
  readonly kind: "Train";
  readonly model: Ident;
  readonly entries: readonly (TrainInput | TrainSetting)[];
  readonly doc?: string;
  readonly span: Span;
}

export interface Program {
  readonly kind: "Program";
  readonly file: string;
  readonly items: readonly Item[];
  readonly span: Span;
}
