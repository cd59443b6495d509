/**
 * Parameter initialisation, deterministic per (seed, parameter id): each parameter draws from its own
 * stream mulberry32(fnv1a32(`${seed}:${id}`)), so adding a parameter never changes another's values.
 * What each initializer computes from the draws (and its fans) is its record in the table of @nnc/ops
 * (packages/ops/src/train/initializers.ts); generated code writes the same draws in the same order.
 * A param without an entry in Graph.inits gets glorot_uniform at rank ≥ 2 and zeros otherwise; a buffer
 * without one gets zeros. Buffers draw like params, from the stream of their own id.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { typeToString, type Graph, type Node, type ParamInit } from "@nnc/ir";
import { defaultInit, gaussian, mulberry32, sampleInit, tensor, type Tensor } from "@nnc/ops";

export { defaultInit, fans } from "@nnc/ops";

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** Values for one parameter of concrete `shape`, drawn from `uniform` (a [0, 1) stream). */
export function initTensor(init: ParamInit, shape: readonly number[], uniform: () => number): Tensor {
  const t = tensor(shape);
  if (init.kind === "values" && init.values.length !== t.data.length) throw new InternalCompilerError(`values(): ${init.values.length} values for shape [${shape.join(", ")}]`);
  sampleInit(init, shape, { uniform, normal: gaussian(uniform) }, t.data);
  return t;
}

function concrete(n: Node): number[] {
  return n.type.shape.map((d) => {
    if (typeof d !== "number") throw new InternalCompilerError(`param ${n.id}: ${typeToString(n.type)} has a symbolic dim`, n.span);
    return d;
  });
}

function initNodes(graph: Graph, seed: number, op: string, fallback: (rank: number) => ParamInit): Record<string, Tensor> {
  const out = Object.create(null) as Record<string, Tensor>; // no prototype: `__proto__` is a name like any other
  for (const n of graph.nodes) {
    if (n.op !== op) continue;
    const shape = concrete(n);
    const init = (Object.hasOwn(graph.inits, n.id) ? graph.inits[n.id] : undefined) ?? fallback(shape.length);
    out[n.id] = initTensor(init, shape, mulberry32(fnv1a32(`${seed}:${n.id}`)));
  }
  return out;
}

/** Initial values of every `param` node of the graph, by id. */
export function initParams(graph: Graph, seed: number): Record<string, Tensor> {
  return initNodes(graph, seed, "param", defaultInit);
}

/**
 * Initial values of every `buffer` node of the graph, by id: the same streams as params (a buffer's
 * id is its own stream), zeros when Graph.inits has no entry.
 */
export function initBuffers(graph: Graph, seed: number): Record<string, Tensor> {
  return initNodes(graph, seed, "buffer", () => ({ kind: "zeros" }));
}
