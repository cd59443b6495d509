import { dimAdd, dimMul, sym, type Dim } from "./dim.ts";
import type { AttrValue, Graph, Node } from "./graph.ts";

/** `d` with the symbols of `env` (its own keys only) replaced by their values; other symbols stay symbolic. */
export function substituteDim(d: Dim, env: Readonly<Record<string, number>>): Dim {
  if (typeof d === "number") return d;
  let out: Dim = 0;
  for (const t of d.terms) {
    let term: Dim = t.coef;
    for (const s of t.syms) term = dimMul(term, (Object.hasOwn(env, s) ? env[s] : undefined) ?? sym(s));
    out = dimAdd(out, term);
  }
  return out;
}

function isSymDim(v: unknown): v is Exclude<Dim, number> {
  return typeof v === "object" && v !== null && "terms" in v;
}

function substituteAttr(v: AttrValue, env: Readonly<Record<string, number>>): AttrValue {
  if (isSymDim(v)) return substituteDim(v, env);
  if (Array.isArray(v)) return (v as readonly Dim[]).map((d) => substituteDim(d, env));
  return v;
}

/**
 * The graph with some symbolic dims fixed to numbers, in every type and attribute: code generation
 * keeps one symbolic dim (the batch) as a run-time variable and needs the others known.
 */
export function specializeDims(g: Graph, env: Readonly<Record<string, number>>): Graph {
  const nodes = g.nodes.map(
    (n): Node => ({
      ...n,
      type: { dtype: n.type.dtype, shape: n.type.shape.map((d) => substituteDim(d, env)) },
      attrs: Object.fromEntries(Object.entries(n.attrs).map(([k, v]) => [k, substituteAttr(v, env)])),
    }),
  );
  return { ...g, nodes, dims: g.dims.filter((d) => !Object.hasOwn(env, d)) };
}
