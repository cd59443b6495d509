/**
 * Constant folding: a node whose operands are all `const` is evaluated with its op's reference
 * `evaluate`; when every element of the result is the same number, the node becomes a `const` of it
 * (same id, span and origin). Folding repeats down a tree of constants in one walk.
 *
 * Symbolic dims: the node is evaluated under two different bindings of the graph's dims and folded
 * only if both give the same uniform value (so `reduce_sum` of a constant over a `B` axis, which is
 * `c·B`, is left alone, while `mean` over it folds).
 */
import { evalDim, dimSymbols, type Graph, type Node } from "@nnc/ir";
import type { OpLookup, Tensor } from "@nnc/ops";
import { rewrite } from "./rewrite.ts";

/** Constants larger than this are not materialised to be folded. */
const MAX_ELEMENTS = 1 << 20;

type Env = Readonly<Record<string, number>>;

/** Two bindings with different ratios between the symbols, so a dependence on any of them shows. */
function bindings(g: Graph): Env[] {
  const syms = [...new Set([...g.dims, ...g.nodes.flatMap((n) => n.type.shape.flatMap(dimSymbols))])].sort();
  if (syms.length === 0) return [{}];
  return [Object.fromEntries(syms.map((s, i) => [s, 3 + i])), Object.fromEntries(syms.map((s, i) => [s, 5 + 2 * i]))];
}

function concrete(n: Node, env: Env): number[] | undefined {
  const shape: number[] = [];
  for (const d of n.type.shape) {
    const v = evalDim(d, env);
    if (v === undefined) return undefined;
    shape.push(v);
  }
  return shape.reduce((a, b) => a * b, 1) <= MAX_ELEMENTS ? shape : undefined;
}

function uniform(t: Tensor): number | undefined {
  const first = t.data[0];
  if (first === undefined) return undefined;
  return t.data.every((v) => Object.is(v, first)) ? first : undefined;
}

function constTensor(n: Node, env: Env): Tensor | undefined {
  const shape = concrete(n, env);
  const value = n.attrs.value;
  if (shape === undefined || typeof value !== "number") return undefined;
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, data: new Float64Array(size).fill(value) };
}

/** The uniform value of `n` applied to constant operands, the same under every binding; or undefined. */
function foldValue(n: Node, operands: readonly Node[], lookup: OpLookup, envs: readonly Env[]): number | undefined {
  const def = lookup(n.op);
  if (def === undefined || def.isSource === true) return undefined;
  let value: number | undefined;
  for (const env of envs) {
    const inputs: Tensor[] = [];
    for (const o of operands) {
      const t = constTensor(o, env);
      if (t === undefined) return undefined;
      inputs.push(t);
    }
    const outShape = concrete(n, env);
    if (outShape === undefined) return undefined;
    const v = uniform(def.evaluate(inputs, { attrs: n.attrs, outShape, dims: env, training: false }));
    if (v === undefined || (value !== undefined && !Object.is(v, value))) return undefined;
    value = v;
  }
  return value;
}

export function fold(lookup: OpLookup): (g: Graph) => Graph {
  return (g) => {
    const envs = bindings(g);
    return rewrite(g, (n, kept) => {
      if (n.inputs.length === 0) return n;
      const operands = n.inputs.map((i) => kept.get(i));
      if (!operands.every((o): o is Node => o?.op === "const")) return n;
      const value = foldValue(n, operands, lookup, envs);
      if (value === undefined) return n;
      return { ...n, op: "const", inputs: [], attrs: { value, dtype: n.type.dtype, shape: n.type.shape } };
    });
  };
}
