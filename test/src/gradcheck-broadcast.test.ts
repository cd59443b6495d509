/**
 * Broadcasting is explicit in the IR: an elementwise op sees equal shapes, and the `broadcast` nodes'
 * VJP (a sum over the added/expanded axes) reduces each operand's gradient back to its own shape.
 * Generated for every differentiable elementwise binary op of the table: (3,1) ⊕ (1,4) and a scalar
 * ⊕ (2,3), checked against central differences.
 */
import { describe, expect, it } from "vitest";
import { tensorType, typesEqual } from "@nnc/ir";
import { allOps, GraphBuilder, isTypeError, lookupOp, type OpDef } from "@nnc/ops";
import { analyticGrads, checkProblem, randomTensor, rng, type Domain, type Feeds, type Problem } from "./gradcheck-helpers.ts";

const t34 = tensorType("f64", [3, 4]);

/** Ops taking two equal-shaped floats to the same type, with a gradient: add, sub, mul, div, pow, maximum, … */
function isElementwiseBinary(d: OpDef): boolean {
  if (d.arity !== 2 || d.nonDifferentiable === true || d.isSource === true) return false;
  const t = d.type([t34, t34], {});
  return !isTypeError(t) && typesEqual(t, t34);
}

const elementwise = allOps().filter(isElementwiseBinary);

function broadcastProblem(def: OpDef, shapes: readonly [number[], number[]], to: number[], seed: number): Problem {
  const rand = rng(seed);
  const domains: readonly Domain[] = def.samples[0]?.domain ?? ["any", "any"];
  const b = new GraphBuilder(lookupOp);
  const feeds: Feeds = {};
  const ids = shapes.map((shape, i) => {
    const id = b.add("input", [], { role: "model", dtype: "f64", shape }, { name: `x${i}` });
    feeds[id] = randomTensor(tensorType("f64", shape), domains[i] ?? "any", rand);
    return id;
  });
  const wide = ids.map((id) => b.add("broadcast", [id], { shape: to }));
  const z = b.add(def.name, wide, {}, { name: "z" });
  const c = b.add("input", [], { role: "model", dtype: "f64", shape: to }, { name: "c" });
  feeds[c] = randomTensor(tensorType("f64", to), "any", rand);
  const loss = b.add("reduce_sum", [b.add("mul", [c, z])], { axes: to.map((_, i) => i), keepdims: false }, { name: "loss" });
  return { graph: b.finish([{ name: "loss", id: loss }]), feeds, wrt: ids };
}

describe("broadcast gradients", () => {
  it("finds the elementwise binary ops in the table", () => {
    expect(elementwise.map((d) => d.name)).toEqual(expect.arrayContaining(["add", "sub", "mul", "div", "maximum", "minimum"]));
  });

  it.each(elementwise.map((d) => [d.name, d] as const))("%s of (3,1) with (1,4)", (_n, def) => {
    checkProblem(broadcastProblem(def, [[3, 1], [1, 4]], [3, 4], 77), 77);
  });

  it.each(elementwise.map((d) => [d.name, d] as const))("%s of a scalar with (2,3)", (_n, def) => {
    checkProblem(broadcastProblem(def, [[], [2, 3]], [2, 3], 78), 78);
  });

  it("reduces a bias gradient to the bias shape: d(Σ c ⊙ (x + b)) / db = Σ_rows c", () => {
    const p = broadcastProblem(lookupOp("add")!, [[3, 4], [4]], [3, 4], 5);
    const g = analyticGrads(p.graph, "loss", p.wrt, p.feeds);
    const c = p.feeds["c"]!;
    const expected = [0, 1, 2, 3].map((j) => c.data[j]! + c.data[4 + j]! + c.data[8 + j]!);
    expect(g["x1"]!.shape).toEqual([4]);
    for (const [j, v] of expected.entries()) expect(g["x1"]!.data[j]).toBeCloseTo(v, 12);
    expect(Array.from(g["x0"]!.data)).toEqual(Array.from(c.data));
  });
});
