import type { Span } from "@nnc/diagnostics";
import type { Dim } from "./dim.ts";
import type { DType, TensorType } from "./types.ts";

/** Attribute values. Shapes are `Dim[]`, axes and permutations `number[]`. */
export type AttrValue = number | boolean | string | Dim | readonly Dim[];
export type Attrs = Readonly<Record<string, AttrValue>>;

/** Where a backward node came from: the VJP rule applied and the forward node it differentiates. */
export interface Origin {
  /** Stable rule name, e.g. `matmul.vjp.lhs`. */
  readonly rule: string;
  /** Id of the forward node whose rule produced this node. */
  readonly forward: string;
}

/**
 * Which application of a `scan` step or a `repeat` produced a node: the `index`-th of `count`
 * applications grouped under `group` (the call site's binding name, e.g. `hs`). Lowering unrolls
 * both forms; printers and `nnc grad --explain` use this to show one application's rules once.
 */
export interface Step {
  readonly group: string;
  readonly index: number;
  readonly count: number;
}

/**
 * One operation defining exactly one value. The node's `id` is the value's name: source names (`h`,
 * `logits`, `dW1`) where there is one, `%N` otherwise; ids are unique within a graph.
 * Graph inputs, parameters and constants are nodes too (ops `input`, `param`, `const`).
 */
export interface Node {
  readonly id: string;
  readonly op: string;
  readonly inputs: readonly string[];
  readonly attrs: Attrs;
  readonly type: TensorType;
  /** The `.nn` source span this node was lowered from (backward nodes: the forward node's span). */
  readonly span?: Span;
  /** Present on nodes emitted by the differentiation pass. */
  readonly origin?: Origin;
  /** Present on nodes lowered inside an unrolled `scan` or `repeat` (backward nodes copy the forward node's). */
  readonly step?: Step;
}

export type ParamInit =
  | { readonly kind: "zeros" | "ones" | "glorot_uniform" | "glorot_normal" | "he_uniform" | "he_normal" }
  | { readonly kind: "constant"; readonly value: number }
  | { readonly kind: "normal"; readonly mean: number; readonly std: number }
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "values"; readonly values: readonly number[] };

export interface GraphOutput {
  readonly name: string;
  readonly id: string;
}

/**
 * A `next` statement: after a training step, the `buffer` node `buffer` takes the value `value`.
 * Updates are roots like outputs (passes keep them live) but are never differentiated.
 */
export interface GraphUpdate {
  readonly buffer: string;
  readonly value: string;
}

/**
 * A typed dataflow graph. Invariants: `nodes` is in topological order (every input id names an
 * earlier node); ids are unique; every `input`/`param` node appears before the nodes using it.
 */
export interface Graph {
  readonly name: string;
  readonly nodes: readonly Node[];
  readonly outputs: readonly GraphOutput[];
  /** Initializers of the `param` and `buffer` nodes, by node id (`W1`, `h1.W`, `bn.mean_run`). */
  readonly inits: Readonly<Record<string, ParamInit>>;
  /** Buffer updates of training steps (`next` statements); absent or empty when the model has none. */
  readonly updates?: readonly GraphUpdate[];
  /** Symbolic dims the graph's types mention (declared with `dim`). */
  readonly dims: readonly string[];
}

export function nodeMap(g: Graph): Map<string, Node> {
  return new Map(g.nodes.map((n) => [n.id, n]));
}

export function graphInputs(g: Graph): Node[] {
  return g.nodes.filter((n) => n.op === "input");
}

export function graphParams(g: Graph): Node[] {
  return g.nodes.filter((n) => n.op === "param");
}

/** The `buffer` nodes: non-trainable state, initialized like params, updated by `g.updates` after a training step. */
export function graphBuffers(g: Graph): Node[] {
  return g.nodes.filter((n) => n.op === "buffer");
}

/** Number of uses of each node id (as an input of another node or as a graph output). */
export function useCounts(g: Graph): Map<string, number> {
  const uses = new Map<string, number>();
  for (const n of g.nodes) for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  for (const o of g.outputs) uses.set(o.id, (uses.get(o.id) ?? 0) + 1);
  return uses;
}

export type { DType };
