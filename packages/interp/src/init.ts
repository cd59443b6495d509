/**
 * Parameter initialisation, deterministic per (seed, parameter id).
 *
 * Each parameter draws from its own stream mulberry32(fnv1a32(`${seed}:${id}`)), so adding a
 * parameter never changes another's values. Normal samples use Box-Muller (one normal per two
 * uniforms). Fans: rank 4 (conv kernel [O, C, KH, KW]) fan_in = C·KH·KW, fan_out = O·KH·KW;
 * other rank ≥ 2 [..., a, b] (used as x @ W, W: [in, out]) fan_in = a, fan_out = b; rank ≤ 1
 * fan_in = fan_out = number of elements.
 *   zeros / ones / constant(v)        every element 0 / 1 / v
 *   normal(mean, std)                 mean + std·N(0, 1)
 *   uniform(low, high)                low + (high − low)·U[0, 1)
 *   glorot_uniform                    U(−a, a), a = √(6 / (fan_in + fan_out))
 *   glorot_normal                     N(0, σ²), σ = √(2 / (fan_in + fan_out))
 *   he_uniform                        U(−a, a), a = √(6 / fan_in)
 *   he_normal                         N(0, σ²), σ = √(2 / fan_in)
 *   values([...])                     the given values, row-major (count must match)
 * A param without an entry in Graph.inits gets glorot_uniform at rank ≥ 2 and zeros otherwise.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { typeToString, type Graph, type Node, type ParamInit } from "@nnc/ir";
import { gaussian, mulberry32, sizeOf, tensor, type Tensor } from "@nnc/ops";

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 4) {
    const [o, c, kh, kw] = shape as [number, number, number, number];
    return { fanIn: c * kh * kw, fanOut: o * kh * kw };
  }
  if (shape.length >= 2) return { fanIn: shape[shape.length - 2]!, fanOut: shape[shape.length - 1]! };
  const n = sizeOf(shape);
  return { fanIn: n, fanOut: n };
}

export function defaultInit(rank: number): ParamInit {
  return rank >= 2 ? { kind: "glorot_uniform" } : { kind: "zeros" };
}

/** Values for one parameter of concrete `shape`, drawn from `uniform` (a [0, 1) stream). */
export function initTensor(init: ParamInit, shape: readonly number[], uniform: () => number): Tensor {
  const t = tensor(shape);
  const n = t.data.length;
  const normal = gaussian(uniform);
  const { fanIn, fanOut } = fans(shape);
  const fill = (f: () => number): Tensor => {
    for (let i = 0; i < n; i++) t.data[i] = f();
    return t;
  };
  const sym = (a: number) => (): number => (2 * uniform() - 1) * a;
  switch (init.kind) {
    case "zeros": return fill(() => 0);
    case "ones": return fill(() => 1);
    case "constant": return fill(() => init.value);
    case "normal": return fill(() => init.mean + init.std * normal());
    case "uniform": return fill(() => init.low + (init.high - init.low) * uniform());
    case "glorot_uniform": return fill(sym(Math.sqrt(6 / (fanIn + fanOut))));
    case "glorot_normal": return fill(() => Math.sqrt(2 / (fanIn + fanOut)) * normal());
    case "he_uniform": return fill(sym(Math.sqrt(6 / fanIn)));
    case "he_normal": return fill(() => Math.sqrt(2 / fanIn) * normal());
    case "values":
      if (init.values.length !== n) throw new InternalCompilerError(`values(): ${init.values.length} values for shape [${shape.join(", ")}]`);
      t.data.set(init.values);
      return t;
  }
}

function concrete(n: Node): number[] {
  return n.type.shape.map((d) => {
    if (typeof d !== "number") throw new InternalCompilerError(`param ${n.id}: ${typeToString(n.type)} has a symbolic dim`, n.span);
    return d;
  });
}

/** Initial values of every `param` node of the graph, by id. */
export function initParams(graph: Graph, seed: number): Record<string, Tensor> {
  const out = Object.create(null) as Record<string, Tensor>; // no prototype: `__proto__` is a name like any other
  for (const n of graph.nodes) {
    if (n.op !== "param") continue;
    const shape = concrete(n);
    const init = (Object.hasOwn(graph.inits, n.id) ? graph.inits[n.id] : undefined) ?? defaultInit(shape.length);
    out[n.id] = initTensor(init, shape, mulberry32(fnv1a32(`${seed}:${n.id}`)));
  }
  return out;
}
