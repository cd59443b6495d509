/**
 * Shared machinery of the gradient checks (gradcheck*.test.ts): seeded random tensors inside an op's
 * domain, the analytic gradients (differentiate + reference interpreter), and float64 central
 * differences. Everything is evaluated by the interpreter in float64.
 */
import { differentiate, vjpDocFor } from "@nnc/autodiff";
import { dimSymbols, evalDim, isFloat, type Dim, type Graph, type TensorType } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import { expect } from "vitest";
import { GraphBuilder, lookupOp, sampleValue, tensor, type OpDef, type OpSample, type SampleDomain, type Tensor } from "@nnc/ops";
import { mulberry32 } from "@nnc/ops";

export type Domain = SampleDomain;
export type Feeds = Record<string, Tensor>;

/** mulberry32 from the op table's PRNG (the one initialisers and dropout use). */
export const rng = mulberry32;

/** Symbolic dims of sample types are bound to this size. */
export const SYMBOL_SIZE = 3;

export function concreteShape(shape: readonly Dim[]): number[] {
  const env = Object.fromEntries(shape.flatMap(dimSymbols).map((s) => [s, SYMBOL_SIZE]));
  return shape.map((d) => evalDim(d, env)!);
}

export function randomTensor(t: TensorType, domain: Domain, rand: () => number, classes?: number): Tensor {
  const out = tensor(concreteShape(t.shape));
  for (let i = 0; i < out.data.length; i++) out.data[i] = sampleValue(domain, rand, classes);
  return out;
}

export function value(graph: Graph, feeds: Feeds, id: string): Tensor {
  const v = interpret(graph, feeds).get(id);
  if (v === undefined) throw new Error(`no value for ${id}`);
  return v;
}

export function scalarValue(graph: Graph, feeds: Feeds, id: string): number {
  return value(graph, feeds, id).data[0]!;
}

/** Gradients of scalar `loss` w.r.t. each of `wrt` from the differentiated graph. */
export function analyticGrads(graph: Graph, loss: string, wrt: readonly string[], feeds: Feeds): Record<string, Tensor> {
  const r = differentiate({ graph, of: loss, wrt });
  const warnings = r.diagnostics.filter((d) => d.code !== "E0501");
  if (warnings.length > 0) throw new Error(warnings.map((d) => d.message).join("\n"));
  const values = interpret(r.graph, feeds);
  return Object.fromEntries(wrt.map((w) => [w, values.get(r.grads[w]!)!]));
}

/** ∂loss/∂feeds[w] by central differences, one element at a time. */
export function numericGrad(graph: Graph, loss: string, w: string, feeds: Feeds, eps = 1e-6): Tensor {
  const base = feeds[w]!;
  const out = tensor(base.shape);
  for (let k = 0; k < base.data.length; k++) {
    const at = (delta: number): number => {
      const moved = tensor(base.shape, base.data);
      moved.data[k] = base.data[k]! + delta;
      return scalarValue(graph, { ...feeds, [w]: moved }, loss);
    };
    out.data[k] = (at(eps) - at(-eps)) / (2 * eps);
  }
  return out;
}

/** (loss(x + eps·t) − loss(x − eps·t)) / 2eps, moving every fed value named in `dirs` at once. */
export function directionalDiff(graph: Graph, loss: string, feeds: Feeds, dirs: Feeds, eps = 1e-6): number {
  const at = (s: number): number => {
    const moved: Feeds = { ...feeds };
    for (const [w, t] of Object.entries(dirs)) {
      const x = feeds[w]!;
      moved[w] = tensor(x.shape, x.data.map((v, i) => v + s * t.data[i]!));
    }
    return scalarValue(graph, moved, loss);
  };
  return (at(eps) - at(-eps)) / (2 * eps);
}

export function dot(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

/**
 * Index of the first element where |a − e| > rtol·max(|a|, |e|) + atol, or −1. The absolute floor
 * covers the cancellation in central differences (≈ ε_machine·|loss| / eps).
 */
export function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): number {
  if (actual.length !== expected.length) return 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= rtol * Math.max(Math.abs(a), Math.abs(e)) + atol)) return i;
  }
  return -1;
}

export function describeMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>, i: number): string {
  return `element ${i}: analytic ${actual[i]} vs numeric ${expected[i]}\nanalytic [${Array.from(actual).join(", ")}]\nnumeric  [${Array.from(expected).join(", ")}]`;
}

const RTOL = 1e-6;
/** Absolute floor, scaled by |loss|: central differences lose ≈ 2e-16·|loss|/eps ≈ 2e-10·|loss|. */
const ATOL = 1e-7;

export interface Problem {
  readonly graph: Graph;
  readonly feeds: Feeds;
  /** Operands (input ids) that have a gradient: float dtype and not a label/bool domain. */
  readonly wrt: readonly string[];
}

function lossId(p: Problem): string {
  return p.graph.outputs[0]!.id;
}

export function checkProblem(p: Problem, seed: number): void {
  const loss = lossId(p);
  const L = scalarValue(p.graph, p.feeds, loss);
  expect(Number.isFinite(L), `loss is ${L}`).toBe(true);
  const atol = ATOL * Math.max(1, Math.abs(L));
  const grads = analyticGrads(p.graph, loss, p.wrt, p.feeds);
  for (const w of p.wrt) {
    const g = grads[w]!;
    const n = numericGrad(p.graph, loss, w, p.feeds);
    const bad = firstMismatch(g.data, n.data, RTOL, atol);
    expect(bad, `∂loss/∂${w}: ${describeMismatch(g.data, n.data, bad)}`).toBe(-1);
  }
  // Dot-product test: ⟨∇loss, t⟩ = d/ds loss(x + s·t) along one random direction through all operands.
  const rand = rng(seed + 1);
  const dirs: Feeds = Object.fromEntries(p.wrt.map((w) => [w, randomTensor({ dtype: "f64", shape: p.feeds[w]!.shape }, "any", rand)]));
  const analytic = p.wrt.reduce((s, w) => s + dot(grads[w]!, dirs[w]!), 0);
  const numeric = directionalDiff(p.graph, loss, p.feeds, dirs);
  expect(firstMismatch([analytic], [numeric], RTOL, atol), `⟨vjp(c), t⟩ ${analytic} vs directional difference ${numeric}`).toBe(-1);
}


function domainOf(s: OpSample, i: number): Domain {
  return s.domain?.[i] ?? "any";
}

/** Graph: inputs x0…xn, z = op(x…), c (cotangent, random), loss = Σ c ⊙ z (no loss when z is not float). */
export function opProblem(def: OpDef, s: OpSample, seed: number): Problem {
  const rand = rng(seed);
  const b = new GraphBuilder(lookupOp);
  const feeds: Feeds = {};
  const wrt: string[] = [];
  const ids = s.inputs.map((t, i) => {
    const id = b.add("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, { name: `x${i}` });
    const d = domainOf(s, i);
    feeds[id] = randomTensor(t, d, rand, s.classes);
    // An operand whose vjpDoc is null is declared gradient-free (stop_gradient, maxpool2d_grad's x).
    if (isFloat(t.dtype) && d !== "label" && d !== "bool" && vjpDocFor(def, i) !== null) wrt.push(id);
    return id;
  });
  const z = b.add(def.name, ids, s.attrs, { name: "z" });
  const zt = b.type(z);
  if (!isFloat(zt.dtype)) return { graph: b.finish([]), feeds, wrt };
  const c = b.add("input", [], { role: "model", dtype: zt.dtype, shape: zt.shape }, { name: "c" });
  feeds[c] = randomTensor(zt, "any", rand);
  const prod = b.add("mul", [c, z]);
  const rank = zt.shape.length;
  const loss = rank === 0 ? prod : b.add("reduce_sum", [prod], { axes: Array.from({ length: rank }, (_, i) => i), keepdims: false });
  return { graph: b.finish([{ name: "loss", id: loss }]), feeds, wrt };
}

