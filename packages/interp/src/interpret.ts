/**
 * The float64 reference interpreter: evaluates every node of a graph in order with its op record's
 * `evaluate`. The oracle the tests compare everything else against; clear rather than fast.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimToString, evalDim, typeToString, type Dim, type Graph, type Node } from "@nnc/ir";
import { lookupOp, type Tensor } from "@nnc/ops";
import { FeedError } from "./feed-error.ts";

export interface InterpretOptions {
  /**
   * Evaluate as a training step: dropout masks active, the `training` flag true (update values then
   * are what buffers take after the step; see bufferUpdates). Default false, as in eval and predict.
   */
  readonly training?: boolean;
  /** Values of symbolic dims; others are bound from the fed shapes. */
  readonly dims?: Readonly<Record<string, number>>;
  /** Round every f32 result with Math.fround, emulating f32 arithmetic (per op, not per flop). */
  readonly roundF32?: boolean;
}

const fmtShape = (s: readonly number[]): string => `[${s.join(", ")}]`;

/** A dim that is exactly one symbol (`B`, not `2*B`): fed shapes bind it. */
function singleSymbol(d: Dim): string | undefined {
  if (typeof d === "number" || d.terms.length !== 1) return undefined;
  const t = d.terms[0]!;
  return t.coef === 1 && t.syms.length === 1 ? t.syms[0] : undefined;
}

function fed(n: Node, feeds: Readonly<Record<string, Tensor>>): Tensor {
  const v = feeds[n.id];
  if (v === undefined) throw new FeedError("missing", n.id, `no value fed for ${n.op} \`${n.id}\`: ${typeToString(n.type)}`, typeToString(n.type));
  return v;
}

/** Ops whose values come from the feeds: inputs, params and buffers. */
const FED = new Set(["input", "param", "buffer"]);

/**
 * Binds symbolic dims from the shapes of the fed inputs, params and buffers, then checks every fed shape
 * (and, for i32/bool entries, that the values are whole numbers / 0 or 1).
 */
export function bindDims(graph: Graph, feeds: Readonly<Record<string, Tensor>>, given: Readonly<Record<string, number>> = {}): Record<string, number> {
  // By dim name, without a prototype: a dim may be called `constructor` or `__proto__`.
  const env = Object.assign(Object.create(null) as Record<string, number>, given);
  const sources = graph.nodes.filter((n) => FED.has(n.op));
  for (const n of sources) {
    const v = fed(n, feeds);
    const mismatch = (): FeedError => new FeedError("shape", n.id, `\`${n.id}\`: expected ${typeToString(n.type)}, got shape ${fmtShape(v.shape)}`, typeToString(n.type), fmtShape(v.shape));
    if (v.shape.length !== n.type.shape.length) throw mismatch();
    n.type.shape.forEach((d, i) => {
      const s = singleSymbol(d);
      if (s !== undefined && env[s] === undefined) env[s] = v.shape[i]!;
    });
  }
  for (const n of sources) {
    const v = fed(n, feeds);
    const bad = n.type.shape.some((d, i) => evalDim(d, env) !== v.shape[i]);
    if (bad) {
      const bound = n.type.shape.map((d) => (typeof d === "number" ? "" : `${dimToString(d)} = ${evalDim(d, env) ?? "?"}`)).filter((s) => s !== "");
      const note = bound.length > 0 ? ` (with ${bound.join(", ")})` : "";
      throw new FeedError("shape", n.id, `\`${n.id}\`: expected ${typeToString(n.type)}${note}, got shape ${fmtShape(v.shape)}`, typeToString(n.type), fmtShape(v.shape));
    }
    if (n.type.dtype === "i32" || n.type.dtype === "bool") {
      const ok = n.type.dtype === "i32" ? Number.isInteger : (x: number): boolean => x === 0 || x === 1;
      const i = v.data.findIndex((x) => !ok(x));
      if (i >= 0) throw new FeedError("dtype", n.id, `\`${n.id}\` is ${n.type.dtype} but element ${i} is ${v.data[i]}`, n.type.dtype, String(v.data[i]));
    }
  }
  return env;
}

function concreteShape(n: Node, env: Readonly<Record<string, number>>): number[] {
  return n.type.shape.map((d) => {
    const v = evalDim(d, env);
    if (v === undefined) {
      throw new FeedError("unbound-dim", n.id, `dim ${dimToString(d)} of \`${n.id}\` is not bound by any fed shape: pass it in dims`);
    }
    return v;
  });
}

function roundIfF32(n: Node, t: Tensor, on: boolean): Tensor {
  if (!on || n.type.dtype !== "f32") return t;
  return { shape: t.shape, data: t.data.map(Math.fround) };
}

/** Evaluates every node; returns each node's value by id (inputs, params and buffers included). */
export function interpret(graph: Graph, feeds: Readonly<Record<string, Tensor>>, opts: InterpretOptions = {}): Map<string, Tensor> {
  const env = bindDims(graph, feeds, opts.dims);
  const values = new Map<string, Tensor>();
  const round = opts.roundF32 === true;
  for (const n of graph.nodes) {
    if (FED.has(n.op)) {
      values.set(n.id, roundIfF32(n, fed(n, feeds), round));
      continue;
    }
    const def = lookupOp(n.op);
    if (def === undefined) throw new InternalCompilerError(`interpret: unknown op '${n.op}' at ${n.id}`, n.span);
    const inputs = n.inputs.map((i) => {
      const v = values.get(i);
      if (v === undefined) throw new InternalCompilerError(`interpret: ${n.id} uses ${i} before it is defined`, n.span);
      return v;
    });
    const outShape = concreteShape(n, env);
    const out = def.evaluate(inputs, { attrs: n.attrs, outShape, dims: env, training: opts.training === true });
    if (fmtShape(out.shape) !== fmtShape(outShape)) {
      throw new InternalCompilerError(`interpret: ${n.op} produced ${fmtShape(out.shape)} for ${n.id}: ${typeToString(n.type)} = ${fmtShape(outShape)}`, n.span);
    }
    values.set(n.id, roundIfF32(n, out, round));
  }
  return values;
}

/**
 * The buffers' values after a training step: each `next` update's value from `values` (interpret's
 * result, evaluated with `training: true`), by buffer id. Buffers without an update keep theirs.
 */
export function bufferUpdates(graph: Graph, values: ReadonlyMap<string, Tensor>): Record<string, Tensor> {
  const out = Object.create(null) as Record<string, Tensor>; // no prototype: `__proto__` is a name like any other
  for (const u of graph.updates ?? []) {
    const v = values.get(u.value);
    if (v === undefined) throw new InternalCompilerError(`bufferUpdates: the value ${u.value} of buffer ${u.buffer} was not evaluated`);
    out[u.buffer] = v;
  }
  return out;
}
