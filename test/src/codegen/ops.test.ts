/**
 * Every op of the table, driven by its `samples`: the generated code's output, loss and gradients
 * equal the reference interpreter's (f64 ≤ 1e-9 relative, f32 ≤ 1e-4).
 */
import { differentiate } from "@nnc/autodiff";
import { dimSymbols, isFloat } from "@nnc/ir";
import type { FromModel } from "./test-harness.ts";
import { allOps, GraphBuilder, lookupOp, type OpDef, type OpSample } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { compareWithInterpreter, type Domain } from "./test-harness.ts";

function sampleModel(op: OpDef, s: OpSample): { model: FromModel["model"]; differentiable: boolean; domains: Record<string, Domain> } {
  const dims = [...new Set(s.inputs.flatMap((t) => t.shape.flatMap(dimSymbols)))];
  const b = new GraphBuilder(lookupOp, "T", {}, dims);
  const domains: Record<string, Domain> = {};
  const ins = s.inputs.map((t, i) => {
    const id = b.addTyped("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, t, { name: `x${i}` });
    domains[id] = s.domain?.[i] ?? "any";
    return id;
  });
  const y = b.add(op.name, ins, s.attrs, { name: "y" });
  const yt = b.type(y);
  const differentiable = isFloat(yt.dtype) && op.nonDifferentiable !== true && s.inputs.some((t) => isFloat(t.dtype));
  if (!differentiable) return { model: { name: "T", graph: b.finish([{ name: "y", id: y }]) }, differentiable, domains };
  const c = b.addTyped("input", [], { role: "train", dtype: yt.dtype, shape: yt.shape }, yt, { name: "c" });
  const loss = b.add("reduce_sum", [b.add("mul", [y, c])], { axes: yt.shape.map((_, i) => i), keepdims: false }, { name: "loss" });
  const graph = b.finish([{ name: "y", id: y }]);
  return { model: { name: "T", graph, train: { loss } }, differentiable, domains };
}

const cases = allOps().flatMap((op) => op.samples.map((s) => ({ op, s, name: `${op.name} ${s.label}` })));

describe("every op: generated code equals the interpreter", () => {
  it("covers every op that has samples", () => {
    expect(cases.length).toBeGreaterThan(60);
  });
  for (const { op, s, name } of cases) {
    it(name, () => {
      const { model, differentiable, domains } = sampleModel(op, s);
      const wrt = model.graph.nodes.filter((n) => n.op === "input" && n.attrs["role"] === "model" && isFloat(n.type.dtype)).map((n) => n.id);
      const grad = differentiable ? differentiate({ graph: model.graph, of: model.train!.loss, wrt }) : null;
      for (const dtype of ["f64", "f32"] as const) {
        const r = compareWithInterpreter(model, grad, { dtype, rows: 3, domains, ...(s.classes === undefined ? {} : { classes: s.classes }) });
        expect(r.maxError, `${dtype} ${r.worst}`).toBeLessThanOrEqual(dtype === "f64" ? 1e-9 : 1e-4);
        expect(r.compared).toContain("y");
        if (differentiable) expect(r.compared.length).toBeGreaterThan(2);
      }
    });
  }
});
