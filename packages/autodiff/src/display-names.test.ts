import { describe, expect, it } from "vitest";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { differentiate } from "./differentiate.ts";
import { displayNames, renameForDisplay } from "./display-names.ts";
import { nameCotangents } from "./naming.ts";

/** h = relu(x @ W + b), loss = mean(h); `extra` first adds an unrelated anonymous value, shifting every `%N`. */
function mlp(extra: boolean) {
  const b = new GraphBuilder(lookupOp);
  const x = b.add("input", [], { role: "model", dtype: "f64", shape: [2, 3] }, { name: "x" });
  const W = b.add("param", [], { dtype: "f64", shape: [3, 4] }, { name: "W" });
  const bias = b.add("param", [], { dtype: "f64", shape: [4] }, { name: "b" });
  const outputs = [];
  if (extra) outputs.push({ name: "side", id: b.add("exp", [b.add("neg", [x])], {}, { name: "side" }) });
  const mm = b.add("matmul", [x, W]);
  const pre = b.add("add", [mm, b.add("broadcast", [bias], { shape: [2, 4] })]);
  const h = b.add("relu", [pre], {}, { name: "h" });
  const loss = b.add("reduce_mean", [h], { axes: [0, 1], keepdims: false }, { name: "loss" });
  outputs.push({ name: "loss", id: loss });
  return nameCotangents(differentiate({ graph: b.finish(outputs), of: "loss", wrt: ["W", "b"] }));
}

/** Each node's display name (or id), keyed by its printed shape-free structure: op and displayed inputs. */
function shown(extra: boolean): string[] {
  const r = mlp(extra);
  const names = displayNames(r.graph);
  return renameForDisplay(r.graph, names).nodes.map((n) => `${n.id} = ${n.op}(${n.inputs.join(", ")})`);
}

describe("displayNames", () => {
  it("names every anonymous node, forward and backward, distinctly from every id", () => {
    const r = mlp(false);
    const names = displayNames(r.graph);
    const anon = r.graph.nodes.filter((n) => n.id.startsWith("%")).map((n) => n.id);
    expect(anon.length).toBeGreaterThan(0);
    expect([...names.keys()].sort()).toEqual([...anon].sort());
    const all = [...r.graph.nodes.map((n) => n.id).filter((id) => !names.has(id)), ...names.values()];
    expect(new Set(all).size).toBe(all.length);
    for (const v of names.values()) expect(v).not.toMatch(/%\d/);
  });

  it("names the nodes of a rule after the value it builds, and the forward values as derivedForwardNames does", () => {
    const lines = shown(false);
    expect(lines).toContain("h_pre = add(h_matmul, h_broadcast)");
    expect(lines).toContain("dh_pre = where(dh_pre_gt, dh, dh_pre_const_2)");
    expect(lines).toContain("dh_pre_gt = gt(h_pre, dh_pre_const)");
  });

  it("does not change when an unrelated value shifts every %N", () => {
    const plain = shown(false);
    const shifted = shown(true);
    expect(plain.every((l) => shifted.includes(l))).toBe(true);
  });
});

describe("renameForDisplay", () => {
  it("renames ids, inputs and outputs and leaves the graph's own ids alone", () => {
    const r = mlp(false);
    const names = displayNames(r.graph);
    const g = renameForDisplay(r.graph, names);
    expect(g.nodes.some((n) => n.id.startsWith("%") || n.inputs.some((i) => i.startsWith("%")))).toBe(false);
    expect(r.graph.nodes.some((n) => n.id.startsWith("%"))).toBe(true);
    expect(g.outputs.map((o) => o.name)).toEqual(r.graph.outputs.map((o) => o.name));
  });
});
