/**
 * What a kernel is. Each op has exactly one entry in the typed table (kernels/table.ts); the
 * planner and emitter dispatch on `kind` only, never on op names.
 *   source   input/param: external storage, no code.
 *   uniform  every element equals one scalar known per call (const, dimsize): read as a scalar.
 *   map      elementwise: a scalar expression of the operands' elements; fused into its consumer's
 *            loop when it has one use.
 *   view     moves elements without computing (broadcast, transpose, slice, reshape): read through
 *            strides by its consumers, copied only when a non-map kernel needs it contiguous.
 *   reduce   an accumulation over axes, fed by any elementwise expression.
 *   call     anything else: contiguous operands, statements written by the kernel.
 */
import type { Dim, Node } from "@nnc/ir";
import type { HelperName } from "./helpers/table.ts";
import type { LoopAccess } from "./loops.ts";
import type { LaneCode } from "./wasm/fused-lanes.ts";
import type { LaneOp } from "./wasm/map-lanes.ts";

export interface ArrayAccess extends LoopAccess {
  readonly array: string;
}

export interface SourceKernel {
  readonly kind: "source";
}

export interface UniformKernel {
  readonly kind: "uniform";
  readonly scalar: (node: Node, dim: (d: Dim) => string) => string;
  /** The value, where it is known when the class is built (const): an array holding it is filled once, at construction. */
  readonly fill?: (node: Node) => number;
}

export interface MapKernel {
  readonly kind: "map";
  /** The output element from the operands' element expressions (each a name or literal); `helper` registers a runtime helper and returns how to call it. */
  readonly expr: (args: readonly string[], node: Node, inputs: readonly Node[], helper: (h: HelperName) => string) => string;
  /** The WebAssembly lane form of a binary `expr` (./wasm/map-lanes.ts): float32 loops of this op alone run in lanes first (./lane-loop.ts). */
  readonly lanes?: LaneOp;
  /**
   * The op in float64 lanes (./wasm/fused-lanes.ts), giving each element the bits `expr` gives it in a
   * float32 program: with it, a fused group of such ops over float32 arrays runs in WebAssembly.
   */
  readonly f64x2?: LaneCode;
}

export interface ViewKernel {
  readonly kind: "view";
  /** How to read the output through the operand's access; null when it cannot be a view. */
  readonly view: (src: ArrayAccess, node: Node, input: Node) => ArrayAccess | null;
  /** Of a contiguous operand, the output may be the operand's own array (reshape: the same elements in the same order). */
  readonly alias?: boolean;
}

export interface ReduceKernel {
  readonly kind: "reduce";
  readonly init: number;
  readonly combine: (acc: string, v: string) => string;
  /** Divide by the number of reduced elements at the end. */
  readonly mean?: boolean;
  /** `combine` in float64 lanes (./wasm/fused-lanes.ts): with it, a float32 reduction of leading axes runs in WebAssembly. */
  readonly f64x2?: LaneCode;
}

export interface CallCtx {
  readonly node: Node;
  readonly inputs: readonly Node[];
  /** Local names of the operands' arrays (contiguous, row-major). */
  readonly ins: readonly string[];
  readonly out: string;
  /** Scratch arrays requested by `scratch`, in order. */
  readonly scratch: readonly string[];
  readonly dim: (d: Dim) => string;
  /** Registers a runtime helper; returns the expression to call it by. */
  readonly helper: (name: HelperName) => string;
  readonly nest: (shape: readonly Dim[], accesses: readonly LoopAccess[], body: (idx: readonly string[]) => string[]) => string[];
  /** A string literal for a message (escaped). */
  readonly str: (s: string) => string;
}

export interface CallKernel {
  readonly kind: "call";
  readonly emit: (c: CallCtx) => string[];
  /** Float scratch buffers (element counts) the kernel needs while it runs. */
  readonly scratch?: (node: Node, inputs: readonly Node[]) => readonly Dim[];
  /** The WebAssembly SIMD helper that stands in for the scalar code `emit` writes, where the op has one. */
  readonly simd?: SimdStandIn;
}

/**
 * A WebAssembly SIMD helper named by an op's own kernel record (drivers and shared code never choose
 * kernels by op name). For an f32 node where `applies` holds, the kernel's code calls the helper first
 * and runs its scalar code (the reference) only when the helper returns false: no WebAssembly SIMD,
 * arrays outside the kernels' memory, a shape the kernel lacks. Elsewhere only the scalar code is emitted.
 */
export interface SimdStandIn {
  readonly helper: HelperName;
  /** Whether the node's attributes and shapes have a kernel at all (absent: every f32 node). */
  readonly applies?: (node: Node, inputs: readonly Node[]) => boolean;
  /**
   * What the helper returns. "done" (absent): a boolean, true when it wrote the whole output (the scalar
   * code is skipped; ./kernels/simd-first.ts simdFirst). "count": how many leading elements it wrote, 0
   * where it declines; the scalar code continues from there (simdPrefix), so it must round every element
   * exactly as the helper's lanes do — an element's value then does not depend on SIMD or on n % 4.
   */
  readonly returns?: "done" | "count";
}

export type Kernel = SourceKernel | UniformKernel | MapKernel | ViewKernel | ReduceKernel | CallKernel;
