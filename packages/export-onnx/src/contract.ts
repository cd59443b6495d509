/**
 * The contract between the ONNX exporter's driver (graph.ts, model.ts, train-step.ts) and its tables:
 * one rule per op of the op table (`ONNX_OPS satisfies Record<OpName, OnnxRule>`), per optimizer,
 * schedule and clipping kind. A rule adds ONNX nodes through `OnnxEmit` and returns the name of the
 * ONNX value that holds the op's result; it never sees protobuf types.
 */
import type { Dim, Node, TensorType } from "@nnc/ir";

/** Element types as the exported graph stores them (nnc's i32 stays int32; shape tensors are int64). */
export type OnnxDType = "f32" | "f64" | "i32" | "i64" | "bool";

/** An ONNX attribute value: ints and floats are told apart by the caller (`{ f: 0.5 }` is a float). */
export type OnnxAttr =
  | { readonly i: number }
  | { readonly f: number }
  | { readonly s: string }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] };

export type OnnxAttrs = Readonly<Record<string, OnnxAttr>>;

/** What every rule can build with. Names returned are unique ONNX value names. */
export interface OnnxEmit {
  /** Adds one ONNX node (default domain, the export's opset) with `outputs` results; returns their names. */
  node(opType: string, inputs: readonly string[], attrs?: OnnxAttrs, outputs?: number): string[];
  /** `node(...)[0]`: a node with one result. */
  op(opType: string, inputs: readonly string[], attrs?: OnnxAttrs): string;
  /** A constant tensor (an initializer), row-major `values`. */
  constant(dtype: OnnxDType, shape: readonly number[], values: readonly number[]): string;
  /** A rank-0 constant. */
  scalar(dtype: OnnxDType, value: number): string;
  /** A 1-D int64 constant (axes, shapes, starts, ends). */
  ints(values: readonly number[]): string;
  /** The run-time value of a (possibly symbolic, possibly polynomial) dim as an int64 tensor of shape [1]. */
  dim(d: Dim): string;
  /** A 1-D int64 tensor holding these dims (for Reshape, Expand, ConstantOfShape): constants folded. */
  shape(dims: readonly Dim[]): string;
  /** The element type the export stores nnc's floats in ("f32" unless exporting at f64). */
  readonly float: OnnxDType;
  /** The ONNX element type of an nnc tensor type under this export ("f32" → float, "i32" → int32, …). */
  dtypeOf(t: TensorType): OnnxDType;
  /** The opset the graph declares (rules may assume ≥ 17). */
  readonly opset: number;
  /**
   * True in a training-step export: the `training` op is true and dropout masks are drawn (ONNX's
   * RandomUniformLike, so not nnc's stream); false in the inference graph (masks are ones).
   */
  readonly training: boolean;
}

/** What a rule sees: the IR node, the ONNX names of its operands (in order) and their IR types. */
export interface OnnxRuleContext {
  readonly node: Node;
  readonly inputs: readonly string[];
  readonly inputTypes: readonly TensorType[];
  readonly e: OnnxEmit;
}

/**
 * One op's export: `emit` returns the ONNX value holding the node's result (its type must be
 * `node.type` under `dtypeOf`), or `unsupported` says why the op has no ONNX counterpart (shown to
 * the user as E0700 with the op and the target).
 */
export type OnnxRule = OnnxEmitRule | { readonly unsupported: string };

export interface OnnxEmitRule {
  readonly emit: (c: OnnxRuleContext) => string;
  /**
   * The ONNX op this rule emits for which ONNX Runtime's CPU provider has a float kernel only (no
   * double): an f64 export using the rule is valid ONNX that ORT cannot load ("Could not find an
   * implementation for Conv(11)"). `nnc export --dtype f64` notes it; ops.test.ts checks it stays true.
   */
  readonly ortFloatOnly?: string;
}

/**
 * What the target cannot express, reported by the driver with the node's source span. `kind` words the
 * headline: "op" — the op has no counterpart; "name" — a user name (`name`, else `node.id`) the target
 * reserves; "dim" — a dim the graph needs that no input carries on an axis of its own.
 */
export type UnsupportedKind = "op" | "name" | "dim";

export interface UnsupportedOp {
  readonly kind: UnsupportedKind;
  readonly op: string;
  readonly node: Node;
  readonly reason: string;
  /** The clashing name of a "name" problem when it is not `node.id`. */
  readonly name?: string;
}
