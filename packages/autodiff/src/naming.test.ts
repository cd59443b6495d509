import { describe, expect, it } from "vitest";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { differentiate } from "./differentiate.ts";
import { derivedForwardNames, nameCotangents } from "./naming.ts";

/** h = relu(x @ W + b) and loss = mean(h), as lowering builds them (anonymous intermediates). */
function mlp() {
  const b = new GraphBuilder(lookupOp);
  const x = b.add("input", [], { role: "model", dtype: "f64", shape: [2, 3] }, { name: "x" });
  const W = b.add("param", [], { dtype: "f64", shape: [3, 4] }, { name: "W" });
  const bias = b.add("param", [], { dtype: "f64", shape: [4] }, { name: "b" });
  const mm = b.add("matmul", [x, W]);
  const pre = b.add("add", [mm, b.add("broadcast", [bias], { shape: [2, 4] })]);
  const h = b.add("relu", [pre], {}, { name: "h" });
  const loss = b.add("reduce_mean", [h], { axes: [0, 1], keepdims: false }, { name: "loss" });
  return { graph: b.finish([{ name: "loss", id: loss }]), mm, pre };
}

describe("derivedForwardNames", () => {
  it("names an activation's operand <user>_pre and another value <root>_<op>; named values get none", () => {
    const { graph, mm, pre } = mlp();
    const names = derivedForwardNames(graph);
    expect(names.get(pre)).toBe("h_pre");
    expect(names.get(mm)).toBe("h_matmul");
    expect(names.has("h")).toBe(false);
    expect(names.has("W")).toBe(false);
  });

  it("never derives a name some node already has", () => {
    const b = new GraphBuilder(lookupOp);
    const x = b.add("input", [], { role: "model", dtype: "f64", shape: [3] }, { name: "x" });
    b.add("neg", [x], {}, { name: "h_pre" });
    const t = b.add("exp", [x]);
    const h = b.add("tanh", [t], {}, { name: "h" });
    expect(derivedForwardNames(b.finish([{ name: "h", id: h }])).get(t)).toBe("h_pre_2");
  });
});

describe("nameCotangents", () => {
  it("renames anonymous cotangents d<derived name> and keeps the gradient maps consistent", () => {
    const { graph, pre } = mlp();
    const raw = differentiate({ graph, of: "loss" });
    expect(raw.cotangents[pre]).toMatch(/^%\d+$/);
    const named = nameCotangents(raw);
    expect(named.cotangents[pre]).toBe("dh_pre");
    // The add passes its cotangent through unchanged: the matmul's is the same value.
    expect(named.cotangents[Object.keys(named.cotangents).find((k) => k !== pre && named.cotangents[k] === "dh_pre")!]).toBe("dh_pre");
    expect(named.grads).toEqual(raw.grads);
    const ids = named.graph.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const n of named.graph.nodes) for (const i of n.inputs) expect(ids).toContain(i);
    // Forward nodes are never renamed.
    expect(named.graph.nodes.filter((n) => n.origin === undefined)).toEqual(raw.graph.nodes.filter((n) => n.origin === undefined));
  });
});
