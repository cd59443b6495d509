/** Buffers, the training flag and buffer updates under differentiation (first and second order). */
import { describe, expect, it } from "vitest";
import { tensorType, type Graph } from "@nnc/ir";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { differentiate } from "./differentiate.ts";
import { hvp } from "./hvp.ts";

const f64 = (...shape: number[]): ReturnType<typeof tensorType> => tensorType("f64", shape);

/**
 * A batch-norm-like graph: m = mean(x, axis 0); mu = where(training, m, mean_run);
 * loss = sum(((x − mu) · g)²); next mean_run = 0.9·mean_run + 0.1·m.
 */
function bnGraph(): Graph {
  const b = new GraphBuilder(lookupOp, "BN");
  const x = b.add("input", [], { role: "model", dtype: "f64", shape: [4, 3] }, { name: "x" });
  const g = b.add("param", [], { dtype: "f64", shape: [3] }, { name: "g" });
  const run = b.addTyped("buffer", [], { dtype: "f64", shape: [3] }, f64(3), { name: "mean_run" });
  const tr = b.addTyped("training", [], {}, tensorType("bool", []), { name: "training" });
  const m = b.add("reduce_mean", [x], { axes: [0], keepdims: false }, { name: "m" });
  const mu = b.add("where", [b.add("broadcast", [tr], { shape: [3] }), m, run], {}, { name: "mu" });
  const centered = b.add("mul", [b.add("add", [x, b.add("neg", [b.add("broadcast", [mu], { shape: [4, 3] })])]), b.add("broadcast", [g], { shape: [4, 3] })]);
  const loss = b.add("reduce_sum", [b.add("mul", [centered, centered])], { axes: [0, 1], keepdims: false }, { name: "loss" });
  const k9 = b.add("const", [], { value: 0.9, dtype: "f64", shape: [3] });
  const k1 = b.add("const", [], { value: 0.1, dtype: "f64", shape: [3] });
  const next = b.add("add", [b.add("mul", [k9, run]), b.add("mul", [k1, m])], {}, { name: "mean_run_next" });
  b.addUpdate({ buffer: run, value: next });
  return b.finish([{ name: "loss", id: loss }]);
}

describe("differentiation with buffers and the training flag", () => {
  it("carries the updates unchanged into the gradient graph, whose forward part still computes them", () => {
    const g = bnGraph();
    const r = differentiate({ graph: g, of: "loss" });
    expect(r.graph.updates).toEqual([{ buffer: "mean_run", value: "mean_run_next" }]);
    expect(r.graph.nodes.slice(0, g.nodes.length)).toEqual(g.nodes);
    expect(Object.keys(r.grads)).toEqual(["g"]);
    expect(r.diagnostics).toEqual([]);
  });

  it("gives buffers, the flag and update values no cotangent; the batch statistics do get one", () => {
    const r = differentiate({ graph: bnGraph(), of: "loss", wrt: ["g", "x"] });
    for (const id of ["mean_run", "training", "mean_run_next"]) expect(r.cotangents[id], id).toBeUndefined();
    expect(r.cotangents["m"]).toBeDefined();
    const forwardOfBackward = new Set(r.graph.nodes.filter((n) => n.origin !== undefined).map((n) => n.origin!.forward));
    expect(forwardOfBackward.has("mean_run_next")).toBe(false);
  });

  it("a buffer asked for as wrt gets a zero gradient and a warning that says why", () => {
    const r = differentiate({ graph: bnGraph(), of: "loss", wrt: ["g", "mean_run"] });
    const d = r.diagnostics.find((x) => x.code === "E0501");
    expect(d?.notes.join(" ")).toMatch(/`mean_run` is a buffer/);
    expect(r.graph.nodes.find((n) => n.id === r.grads["mean_run"])?.op).toBe("const");
  });

  it("a graph without buffers has no `updates` after differentiation", () => {
    const b = new GraphBuilder(lookupOp, "P");
    const w = b.add("param", [], { dtype: "f64", shape: [] }, { name: "w" });
    const y = b.add("mul", [w, w], {}, { name: "y" });
    expect(differentiate({ graph: b.finish([{ name: "y", id: y }]), of: "y" }).graph.updates).toBeUndefined();
  });

  it("hvp keeps the updates through both passes", () => {
    const r = hvp(bnGraph(), "loss", "g", "v");
    expect(r.diagnostics).toEqual([]);
    expect(r.graph.updates).toEqual([{ buffer: "mean_run", value: "mean_run_next" }]);
  });
});
