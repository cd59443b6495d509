/**
 * Gradient checks generated from the op table: every op, every sample. A new op record is checked
 * without a new test. For each sample, loss = Σ c ⊙ op(inputs) with a random cotangent c; the
 * gradients from `differentiate` (evaluated by the interpreter) must match float64 central differences
 * element by element, and ⟨∇loss, t⟩ must match the directional difference along a random t.
 */
import { describe, expect, it } from "vitest";
import { isFloat } from "@nnc/ir";
import { allOps, GraphBuilder, lookupOp, type OpDef } from "@nnc/ops";
import { checkProblem, opProblem, type Problem } from "./gradcheck-helpers.ts";

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
