/**
 * Algebraic simplification, one named rule per identity. A rule sees a node (operands already
 * simplified) and the nodes kept before it; it returns a replacement value, a rewritten node (same
 * id), or undefined. Every rule preserves the node's type exactly; a rule whose result would have
 * another type does not fire.
 */
import { shapesEqual, typesEqual, type Dim, type Graph, type Node } from "@nnc/ir";
import { rewrite, type Decision } from "./rewrite.ts";
import { mergeZeroPaddedConcats } from "./simplify-concat.ts";
import { uniformValue, type Kept } from "./uniform.ts";

export interface SimplifyRule {
  /** e.g. `x*1`; shown by tests and by `--explain`-style listings. */
  readonly name: string;
  readonly op: string;
  readonly apply: (n: Node, kept: Kept) => Decision | undefined;
}

/** `n` replaced by the value `id`, if that value has exactly `n`'s type. */
function replaceBy(n: Node, id: string | undefined, kept: Kept): Decision | undefined {
  const x = id === undefined ? undefined : kept.get(id);
  return x !== undefined && typesEqual(x.type, n.type) ? { replaceWith: x.id } : undefined;
}

/** `n` replaced by its operand `i`. */
function operand(n: Node, i: number, kept: Kept): Decision | undefined {
  return replaceBy(n, n.inputs[i], kept);
}

/** The producer of operand `i` when its op is `op`. */
function producer(n: Node, i: number, op: string, kept: Kept): Node | undefined {
  const id = n.inputs[i];
  const p = id === undefined ? undefined : kept.get(id);
  return p?.op === op ? p : undefined;
}

/** `x op c → x` when the right operand is the constant `c` (and, if `commutes`, the left one too). */
function identityRule(op: string, c: number, commutes: boolean, name: string): SimplifyRule {
  return {
    name,
    op,
    apply: (n, kept) => {
      if (uniformValue(n.inputs[1], kept) === c) return operand(n, 0, kept);
      if (commutes && uniformValue(n.inputs[0], kept) === c) return operand(n, 1, kept);
      return undefined;
    },
  };
}

function perm(n: Node): number[] | undefined {
  const p = n.attrs.perm;
  return Array.isArray(p) && p.every((v): v is number => typeof v === "number") ? p : undefined;
}

const isIdentity = (p: readonly number[]): boolean => p.every((v, i) => v === i);

function inputShape(n: Node, kept: Kept): readonly Dim[] | undefined {
  const id = n.inputs[0];
  return id === undefined ? undefined : kept.get(id)?.type.shape;
}

export const SIMPLIFY_RULES: readonly SimplifyRule[] = [
  identityRule("mul", 1, true, "x*1 = 1*x = x"),
  identityRule("add", 0, true, "x+0 = 0+x = x"),
  identityRule("sub", 0, false, "x-0 = x"),
  identityRule("div", 1, false, "x/1 = x"),
  {
    name: "neg(neg(x)) = x",
    op: "neg",
    apply: (n, kept) => {
      const inner = producer(n, 0, "neg", kept);
      return inner === undefined ? undefined : replaceBy(n, inner.inputs[0], kept);
    },
  },
  {
    // transpose(transpose(x, p), q) has output axis i = x's axis p[q[i]].
    name: "transpose(transpose(x, p), q) = transpose(x, p∘q)",
    op: "transpose",
    apply: (n, kept) => {
      const q = perm(n);
      if (q === undefined) return undefined;
      if (isIdentity(q)) return operand(n, 0, kept);
      const inner = producer(n, 0, "transpose", kept);
      const p = inner === undefined ? undefined : perm(inner);
      if (inner === undefined || p === undefined || p.length !== q.length) return undefined;
      const composed = q.map((i) => p[i]!);
      if (isIdentity(composed)) return replaceBy(n, inner.inputs[0], kept);
      return { ...n, inputs: [inner.inputs[0]!], attrs: { ...n.attrs, perm: composed } };
    },
  },
  {
    name: "reshape(reshape(x)) = reshape(x); reshape of x to its own shape = x",
    op: "reshape",
    apply: (n, kept) => {
      const inner = producer(n, 0, "reshape", kept);
      const from = inner === undefined ? n : { ...n, inputs: [inner.inputs[0]!] };
      const shape = inputShape(from, kept);
      if (shape !== undefined && shapesEqual(shape, n.type.shape)) return operand(from, 0, kept);
      return inner === undefined ? undefined : from;
    },
  },
  {
    name: "broadcast of x to its own shape = x",
    op: "broadcast",
    apply: (n, kept) => {
      const shape = inputShape(n, kept);
      return shape !== undefined && shapesEqual(shape, n.type.shape) ? operand(n, 0, kept) : undefined;
    },
  },
  {
    name: "concat(a, 0) + concat(0, b) = concat(a, b) (zero-padded blocks, e.g. the backward of split)",
    op: "add",
    apply: mergeZeroPaddedConcats,
  },
  {
    name: "log(softmax(x)) = log_softmax(x)",
    op: "log",
    apply: (n, kept) => {
      const sm = producer(n, 0, "softmax", kept);
      if (sm === undefined || !typesEqual(sm.type, n.type)) return undefined;
      return { ...n, op: "log_softmax", inputs: sm.inputs, attrs: sm.attrs };
    },
  },
];

const BY_OP = new Map<string, SimplifyRule[]>();
for (const r of SIMPLIFY_RULES) BY_OP.set(r.op, [...(BY_OP.get(r.op) ?? []), r]);

/** Applies the rules, each node once, in graph order (so chains collapse from the inside out). */
export function simplify(g: Graph): Graph {
  return rewrite(g, (n, kept) => {
    let node = n;
    for (const rule of BY_OP.get(node.op) ?? []) {
      const d = rule.apply(node, kept);
      if (d === undefined) continue;
      if ("replaceWith" in d) return d;
      node = d;
    }
    return node;
  });
}
