/** Buffer updates (`next`) through every pass: kept live, renamed with their values, buffers never merged. */
import { describe, expect, it } from "vitest";
import { tensorType, verifyGraph, type Graph } from "@nnc/ir";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { cse } from "./cse.ts";
import { dce } from "./dce.ts";
import { fold } from "./fold.ts";
import { DEFAULT_PIPELINE, runPipeline } from "./pipeline.ts";
import { simplify } from "./simplify.ts";
import { typeRuleOf } from "./type-rule.ts";

const F4 = tensorType("f32", [4]);

/**
 * y = x * 2 (output); two buffers a, b (equal attrs, so only their identity distinguishes them);
 * next a = 0.9 * a + 0.1 * x (its value reaches no output); next b = b * 1 (simplifies to b);
 * an unused buffer c; next d = a second copy of a's value (cse merges the two);
 * a `training` flag feeding only a dead node.
 */
function stateGraph(): Graph {
  const b = new GraphBuilder(lookupOp, "S");
  const x = b.addTyped("input", [], { role: "model", dtype: "f32", shape: [4] }, F4, { name: "x" });
  const a = b.addTyped("buffer", [], { dtype: "f32", shape: [4] }, F4, { name: "a" });
  const bb = b.addTyped("buffer", [], { dtype: "f32", shape: [4] }, F4, { name: "b" });
  b.addTyped("buffer", [], { dtype: "f32", shape: [4] }, F4, { name: "c" });
  const d = b.addTyped("buffer", [], { dtype: "f32", shape: [4] }, F4, { name: "d" });
  const tr = b.addTyped("training", [], {}, tensorType("bool", []), { name: "training" });
  const two = b.add("const", [], { value: 2, dtype: "f32", shape: [4] });
  const y = b.add("mul", [x, two], {}, { name: "y" });
  const k9 = b.add("const", [], { value: 0.9, dtype: "f32", shape: [4] });
  const k1 = b.add("const", [], { value: 0.1, dtype: "f32", shape: [4] });
  const k9b = b.add("const", [], { value: 0.9, dtype: "f32", shape: [4] });
  const na = b.add("add", [b.add("mul", [k9, a]), b.add("mul", [k1, x])]);
  const one = b.add("const", [], { value: 1, dtype: "f32", shape: [4] });
  const nb = b.add("mul", [bb, one]);
  b.add("broadcast", [tr], { shape: [4] });
  b.add("mul", [k9b, x]); // dead
  const nd = b.add("add", [b.add("mul", [k9b, a]), b.add("mul", [k1, x])]); // equal to na: cse merges it
  b.addUpdate({ buffer: a, value: na });
  b.addUpdate({ buffer: bb, value: nb });
  b.addUpdate({ buffer: d, value: nd });
  return b.finish([{ name: "y", id: y }]);
}

function ok(g: Graph): Graph {
  expect(verifyGraph(g, typeRuleOf(lookupOp))).toEqual([]);
  return g;
}

const ids = (g: Graph): string[] => g.nodes.map((n) => n.id);

describe("buffer updates through the passes", () => {
  it("dce keeps every update's value (and what it needs) and every buffer, drops the dead training use", () => {
    const g = ok(stateGraph());
    const out = ok(dce(g));
    expect(out.updates).toEqual(g.updates);
    const live = ids(out);
    for (const id of ["a", "b", "c", "d", "x", ...g.updates!.map((u) => u.value)]) expect(live).toContain(id);
    expect(live).not.toContain("training");
    expect(out.nodes.length).toBe(g.nodes.length - 3); // the training flag, its broadcast, the dead product
  });

  it("cse renames an update whose value it merges, and never merges two buffers with equal attributes", () => {
    const g = ok(stateGraph());
    const out = ok(cse(lookupOp)(g));
    for (const id of ["a", "b", "c", "d"]) expect(ids(out)).toContain(id);
    expect(out.updates!.map((u) => u.buffer)).toEqual(["a", "b", "d"]);
    expect(out.updates![2]!.value).toBe(out.updates![0]!.value);
    expect(g.updates![2]!.value).not.toBe(g.updates![0]!.value);
    expect(ids(out)).not.toContain(g.updates![2]!.value);
    for (const u of out.updates!) expect(ids(out)).toContain(u.value);
  });

  it("simplify: `next b = b * 1` becomes an update of b to itself", () => {
    const out = ok(simplify(ok(fold(lookupOp)(stateGraph()))));
    expect(out.updates![1]).toEqual({ buffer: "b", value: "b" });
  });

  it("the default pipeline keeps both updates valid and the training flag unfolded when used", () => {
    const out = ok(runPipeline(stateGraph(), DEFAULT_PIPELINE, { verify: true }));
    expect(out.updates!.length).toBe(3);
    const byId = new Map(out.nodes.map((n) => [n.id, n]));
    for (const u of out.updates!) {
      expect(byId.get(u.buffer)?.op).toBe("buffer");
      expect(byId.get(u.value)?.type).toEqual(F4);
    }
  });

  it("fold never turns `training` into a constant", () => {
    const b = new GraphBuilder(lookupOp, "T");
    const tr = b.addTyped("training", [], {}, tensorType("bool", []), { name: "training" });
    const one = b.add("const", [], { value: 1, dtype: "f32", shape: [] });
    const zero = b.add("const", [], { value: 0, dtype: "f32", shape: [] });
    const y = b.add("where", [tr, one, zero], {}, { name: "y" });
    const out = ok(runPipeline(b.finish([{ name: "y", id: y }]), DEFAULT_PIPELINE));
    expect(out.nodes.find((n) => n.id === "y")?.op).toBe("where");
    expect(out.nodes.find((n) => n.id === "training")?.op).toBe("training");
    expect(out.updates).toBeUndefined();
  });
});
