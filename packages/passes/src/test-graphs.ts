/** Test helpers shared by the passes' unit tests: parse a graph's text (checked), and evaluate it with the op table. */
import { expect } from "vitest";
import { dimSymbols, evalDim, isParseError, parseGraph, verifyGraph, type Dim, type Graph } from "@nnc/ir";
import { lookupOp, tensor, type Tensor } from "@nnc/ops";
import { typeRuleOf } from "./type-rule.ts";

/** The graph of `text`, which must parse and verify against the op table's type rules. */
export function parseChecked(text: string): Graph {
  const g = parseGraph(text);
  if (isParseError(g)) throw new Error(`${g.error} at ${g.line}:${g.column}`);
  expect(verifyGraph(g, typeRuleOf(lookupOp))).toEqual([]);
  return g;
}

/**
 * Every node's value from the op table's reference evaluations, symbolic dims taken as `dims` says
 * (default 2). `feeds` gives the inputs and params; a missing one gets seeded values in [−1, 1).
 */
export function evaluateGraph(g: Graph, feeds: Readonly<Record<string, Tensor>> = {}, dims: Readonly<Record<string, number>> = {}, seed = 1): Map<string, Tensor> {
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  };
  const env: Record<string, number> = { ...dims };
  for (const n of g.nodes) for (const d of n.type.shape) for (const name of dimSymbols(d)) env[name] ??= 2;
  const size = (d: Dim): number => evalDim(d, env) ?? Number.NaN;
  const values = new Map<string, Tensor>();
  for (const n of g.nodes) {
    const shape = n.type.shape.map(size);
    let v = feeds[n.id];
    if (v === undefined && (n.op === "input" || n.op === "param")) v = tensor(shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, next));
    v ??= lookupOp(n.op)!.evaluate(n.inputs.map((i) => values.get(i)!), { attrs: n.attrs, outShape: shape, dims: env, training: false });
    values.set(n.id, v);
  }
  return values;
}
