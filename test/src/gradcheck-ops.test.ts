/**
 * Gradient checks generated from the op table: every op, every sample. A new op record is checked
 * without a new test. For each sample, loss = Σ c ⊙ op(inputs) with a random cotangent c; the
 * gradients from `differentiate` (evaluated by the interpreter) must match float64 central differences
 * element by element, and ⟨∇loss, t⟩ must match the directional difference along a random t.
 */
import { describe, expect, it } from "vitest";
import { isFloat } from "@nnc/ir";
import { allOps, GraphBuilder, lookupOp, type OpDef, type OpSample } from "@nnc/ops";
import { vjpDocFor } from "@nnc/autodiff";
import { checkProblem, randomTensor, rng, type Domain, type Feeds, type Problem } from "./gradcheck-helpers.ts";

function domainOf(s: OpSample, i: number): Domain {
  return s.domain?.[i] ?? "any";
}

/** Graph: inputs x0…xn, z = op(x…), c (cotangent, random), loss = Σ c ⊙ z (no loss when z is not float). */
function opProblem(def: OpDef, s: OpSample, seed: number): Problem {
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

const differentiable = allOps().filter((d) => d.isSource !== true && d.samples.length > 0);

describe.each(differentiable.map((d) => [d.name, d] as const))("gradient of %s", (_name, def) => {
  it.each(def.samples.map((s, i) => [s.label, s, i] as const))("sample %s", (_label, s, i) => {
    const seed = 1000 + 17 * i + def.name.length;
    const p = opProblem(def, s, seed);
    const z = p.graph.nodes.find((n) => n.id === "z")!;
    expectNoGradient(def, p);
    if (def.nonDifferentiable !== true && isFloat(z.type.dtype) && p.wrt.length > 0) checkProblem(p, seed);
  });
});

/**
 * A rule asked for every operand returns null for operands without a gradient (non-float, labels,
 * declared gradient-free) and builds nothing at all when no operand has one.
 */
function expectNoGradient(def: OpDef, p: Problem): void {
  const b = GraphBuilder.from(lookupOp, p.graph);
  const node = b.get("z");
  const cot = b.add("input", [], { role: "cotangent", dtype: node.type.dtype, shape: node.type.shape }, { name: "dz" });
  const before = b.all().length;
  const out = def.vjp({ b, node, inputs: node.inputs.map((i) => b.get(i)), cot, wanted: node.inputs.map(() => true) });
  const gradientFree = node.inputs.map((i) => !p.wrt.includes(i));
  expect(out.filter((r, i) => r !== null && gradientFree[i] === true)).toEqual([]);
  if (def.nonDifferentiable === true || p.wrt.length === 0) {
    expect(out.every((r) => r === null)).toBe(true);
    expect(b.all().length).toBe(before);
  }
}

describe("the generated checks cover the table", () => {
  it("every non-source op has samples", () => {
    const missing = allOps().filter((d) => d.isSource !== true && d.samples.length === 0 && d.name !== "const" && d.name !== "dimsize");
    expect(missing.map((d) => d.name)).toEqual([]);
  });
});
