/**
 * Planning: how each value is computed (its mode), which array holds it, and which values of the
 * program each method runs. Modes:
 *   source   input/param storage (pinned).
 *   uniform  a scalar per call (const, dimsize, and elementwise/view ops of those): no array.
 *   inline   an elementwise value with one user that is elementwise or a reduction: computed inside
 *            that user's loop, never stored (at most MAX_INLINE_DEPTH nested in one expression); or
 *            a cheap one (RECOMPUTED ops, at most MAX_RECOMPUTE of them with its inline operands,
 *            reading scalars and arrays of its own shape) whose users are all elementwise or
 *            reductions (at most MAX_RECOMPUTE_USERS): computed again inside each user's loop,
 *            which costs a few operations an element where storing it costs a pass over memory and
 *            an array kept alive (gelu's x·½ and 1 + erf(…), read forward and by the backward group).
 *   view     broadcast/transpose/slice read through strides by elementwise users and reductions.
 *   alias    a reshape of contiguous data: shares its operand's array.
 *   buffer   computed into an array of its own.
 * Graph outputs, the loss and the gradients are pinned: their arrays are never reused.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { shapesEqual, usersMap, type Graph, type Node } from "@nnc/ir";
import { contiguousStrides } from "./dims.ts";
import type { ArrayAccess, Kernel } from "./kernel-types.ts";
import { kernelOf } from "./kernels/table.ts";

export type Mode = "source" | "uniform" | "inline" | "view" | "alias" | "buffer";

/**
 * The most inline values nested in one fused expression; deeper chains (`x + x + … + x` with
 * thousands of terms) are cut into buffers, which bounds the generated expressions' nesting (for the
 * JavaScript parser) and the recursion of groupOf and the emitters.
 */
export const MAX_INLINE_DEPTH = 64;

/** The ops a value with several users may be recomputed in each of them by: one arithmetic operation an element. */
const RECOMPUTED: ReadonlySet<string> = new Set(["add", "sub", "mul", "neg"]);
/** The most operations (the value's and its inline operands') one recomputation may take. */
export const MAX_RECOMPUTE = 3;
/** The most users a recomputed value may have (each computes it again). */
const MAX_RECOMPUTE_USERS = 4;

export interface ValuePlan {
  readonly node: Node;
  readonly kernel: Kernel;
  readonly mode: Mode;
  /** Readable as one scalar (every element equal). */
  readonly uniform: boolean;
  /** For source/alias/buffer/view: how to read it (array = id of the value whose array holds it). */
  readonly access?: ArrayAccess;
  /** Position in `order`. */
  readonly pos: number;
}

export interface ModePlan {
  readonly order: readonly Node[];
  readonly values: ReadonlyMap<string, ValuePlan>;
  readonly users: ReadonlyMap<string, readonly string[]>;
  readonly pinned: ReadonlySet<string>;
}

export function kernelFor(n: Node): Kernel {
  const k = kernelOf(n.op);
  if (k === undefined) throw new InternalCompilerError(`codegen: no kernel for op '${n.op}' (${n.id})`, n.span);
  return k;
}

/** Decides every value's mode, in graph order over the nodes in `live`. */
export function planModes(g: Graph, live: ReadonlySet<string>, pinned: ReadonlySet<string>): ModePlan {
  const order = g.nodes.filter((n) => live.has(n.id));
  const allUsers = usersMap(g);
  const users = new Map(order.map((n) => [n.id, (allUsers.get(n.id) ?? []).filter((u) => live.has(u))]));
  const kernels = new Map(order.map((n) => [n.id, kernelFor(n)]));
  const kindOf = (id: string): Kernel["kind"] => kernels.get(id)!.kind;
  const values = new Map<string, ValuePlan>();
  /** Levels of inline values nested in each inline value's expression (1 for a leaf-only one). */
  const inlineDepth = new Map<string, number>();
  /** Operations an inline value's expression takes: its own and its inline operands' (shared ones counted once per use). */
  const inlineOps = new Map<string, number>();
  const opsOf = (n: Node): number => 1 + n.inputs.reduce((s, i) => s + (inlineOps.get(i) ?? 0), 0);
  /**
   * Whether value `id` reads only scalars and arrays of `shape` at the element's own index (through
   * inline operands too): a recomputed value must not bring a broadcast operand (a bias row, a
   * per-row mean) into its users' loops, where its split could differ from the other operands' and
   * cost the group its WebAssembly lanes.
   */
  const elementwiseOf = (id: string, shape: Node["type"]["shape"]): boolean => {
    const v = values.get(id)!;
    if (v.uniform) return true;
    if (v.mode === "inline") return v.node.inputs.every((i) => elementwiseOf(i, shape));
    return (v.mode === "source" || v.mode === "buffer" || v.mode === "alias") && shapesEqual(v.node.type.shape, shape);
  };
  const contiguous = (n: Node): ArrayAccess => ({ array: n.id, offset: 0, strides: contiguousStrides(n.type.shape) });
  order.forEach((n, pos) => {
    const kernel = kernels.get(n.id)!;
    const us = users.get(n.id)!;
    const isPinned = pinned.has(n.id);
    const needsArray = isPinned || us.some((u) => kindOf(u) === "call");
    const ins = n.inputs.map((i) => values.get(i)!);
    const set = (mode: Mode, uniform: boolean, access?: ArrayAccess): ValuePlan => {
      const v: ValuePlan = { node: n, kernel, mode, uniform, pos, ...(access === undefined ? {} : { access }) };
      values.set(n.id, v);
      return v;
    };
    const uniformInputs = ins.length > 0 && ins.every((v) => v.uniform);
    switch (kernel.kind) {
      case "source":
        return set("source", false, contiguous(n));
      case "uniform":
        return needsArray ? set("buffer", true, contiguous(n)) : set("uniform", true);
      case "map":
        if (uniformInputs) return needsArray ? set("buffer", true, contiguous(n)) : set("uniform", true);
        if (!isPinned && us.length >= 1 && us.every((u) => ["map", "reduce"].includes(kindOf(u)))) {
          const depth = 1 + Math.max(0, ...n.inputs.map((i) => inlineDepth.get(i) ?? 0));
          const ops = opsOf(n);
          // One element: no loop holds the value's code, and each user's copy would declare it again in one scope.
          const single = n.type.shape.every((d) => d === 1);
          const recomputed = !single && us.length <= MAX_RECOMPUTE_USERS && RECOMPUTED.has(n.op) && ops <= MAX_RECOMPUTE && n.inputs.every((i) => elementwiseOf(i, n.type.shape));
          if (depth <= MAX_INLINE_DEPTH && (us.length === 1 || recomputed)) {
            inlineDepth.set(n.id, depth);
            inlineOps.set(n.id, ops);
            return set("inline", false);
          }
        }
        return set("buffer", false, contiguous(n));
      case "view": {
        const src = ins[0]!;
        if (src.uniform) return needsArray ? set("buffer", true, contiguous(n)) : set("uniform", true);
        if (src.access === undefined) throw new InternalCompilerError(`codegen: view ${n.id} of a value without an array`, n.span);
        const v = kernel.view(src.access, n, src.node);
        const srcContiguous = src.mode === "source" || src.mode === "buffer" || src.mode === "alias";
        if (v !== null && kernel.alias === true && srcContiguous) return set("alias", false, { ...v, array: src.access.array });
        if (v === null || needsArray) return set("buffer", false, contiguous(n));
        return set("view", false, v);
      }
      case "reduce":
      case "call":
        return set("buffer", false, contiguous(n));
    }
  });
  return { order, values, users, pinned };
}

/**
 * The operands a buffer-mode elementwise or reduce node reads directly (inline operands expanded):
 * its fused group's leaves, and the inline members in evaluation order.
 */
export function groupOf(plan: ModePlan, root: Node): { members: Node[]; leaves: string[] } {
  const members: Node[] = [];
  const leaves: string[] = [];
  const visit = (id: string): void => {
    const v = plan.values.get(id)!;
    if (v.uniform) return;
    if (v.mode === "inline") {
      if (members.includes(v.node)) return;
      for (const i of v.node.inputs) visit(i);
      members.push(v.node);
      return;
    }
    if (!leaves.includes(id)) leaves.push(id);
  };
  for (const i of root.inputs) visit(i);
  return { members, leaves };
}
