import { dimMul, sym, tensorType } from "@nnc/ir";
import { GraphBuilder, lookupOp, tensor } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { FeedError } from "./feed-error.ts";
import { interpret } from "./interpret.ts";

const B = sym("B");

/** logits = x @ W + broadcast(b): x f32[B, 2], W f32[2, 3], b f32[3]. */
function affine() {
  const g = new GraphBuilder(lookupOp, "m", {}, ["B"]);
  const x = g.addTyped("input", [], { role: "model", dtype: "f32", shape: [B, 2] }, tensorType("f32", [B, 2]), { name: "x" });
  const W = g.addTyped("param", [], { dtype: "f32", shape: [2, 3] }, tensorType("f32", [2, 3]), { name: "W" });
  const b = g.addTyped("param", [], { dtype: "f32", shape: [3] }, tensorType("f32", [3]), { name: "b" });
  const xw = g.add("matmul", [x, W]);
  const out = g.add("add", [xw, g.add("broadcast", [b], { shape: [B, 3] })], {}, { name: "logits" });
  return g.finish([{ name: "logits", id: out }]);
}

const W = tensor([2, 3], [1, 0, -1, 2, 1, 0]);
const b = tensor([3], [0.5, 0, -0.5]);

describe("interpret", () => {
  it("evaluates every node, binding B from the fed shape", () => {
    const v = interpret(affine(), { x: tensor([2, 2], [1, 1, 0, 2]), W, b });
    expect(v.get("logits")!.shape).toEqual([2, 3]);
    expect([...v.get("logits")!.data]).toEqual([3.5, 1, -1.5, 4.5, 2, -0.5]);
    expect(v.has("x") && v.has("W") && v.has("%0")).toBe(true);
  });
  it("reports a missing feed by name", () => {
    expect(() => interpret(affine(), { x: tensor([1, 2]), W })).toThrow(new FeedError("missing", "b", "no value fed for param `b`: f32[3]", "f32[3]"));
  });
  it("reports a shape mismatch with the expected type and the given shape", () => {
    let err: unknown;
    try {
      interpret(affine(), { x: tensor([4, 3]), W, b });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FeedError);
    const fe = err as FeedError;
    expect([fe.kind, fe.entry, fe.expected, fe.got]).toEqual(["shape", "x", "f32[B, 2]", "[4, 3]"]);
    expect(fe.message).toBe("`x`: expected f32[B, 2] (with B = 4), got shape [4, 3]");
    expect(() => interpret(affine(), { x: tensor([4, 2]), W: tensor([2]), b })).toThrow("`W`: expected f32[2, 3], got shape [2]");
  });
  it("checks a dim bound twice and compound dims", () => {
    const g = new GraphBuilder(lookupOp);
    const t1 = tensorType("f64", [B]);
    const t2 = tensorType("f64", [dimMul(B, 2)]);
    g.addTyped("input", [], { role: "model", dtype: "f64", shape: [B] }, t1, { name: "u" });
    g.addTyped("input", [], { role: "model", dtype: "f64", shape: [dimMul(B, 2)] }, t2, { name: "v" });
    const graph = g.finish([]);
    expect(interpret(graph, { u: tensor([2]), v: tensor([4]) }).size).toBe(2);
    expect(() => interpret(graph, { u: tensor([2]), v: tensor([5]) })).toThrow("`v`: expected f64[2*B] (with 2*B = 4), got shape [5]");
    expect(() => interpret(graph, { u: tensor([2]), v: tensor([4]) }, { dims: { B: 3 } })).toThrow("`u`: expected f64[B] (with B = 3), got shape [2]");
  });
  it("rejects non-integer i32 feeds", () => {
    const g = new GraphBuilder(lookupOp);
    g.addTyped("input", [], { role: "train", dtype: "i32", shape: [2] }, tensorType("i32", [2]), { name: "label" });
    expect(() => interpret(g.finish([]), { label: tensor([2], [1, 2.5]) })).toThrow("`label` is i32 but element 1 is 2.5");
  });
  it("an unbound dim is a FeedError naming it", () => {
    const g = new GraphBuilder(lookupOp);
    g.add("const", [], { value: 1, dtype: "f32", shape: [B] });
    expect(() => interpret(g.finish([]), {})).toThrow("dim B of `%0` is not bound by any fed shape: pass it in dims");
    expect([...interpret(g.finish([]), {}, { dims: { B: 2 } }).get("%0")!.data]).toEqual([1, 1]);
  });
  it("roundF32 rounds every f32 value, f64 values are untouched", () => {
    const g = new GraphBuilder(lookupOp);
    const x = g.addTyped("input", [], { role: "model", dtype: "f32", shape: [] }, tensorType("f32", []), { name: "x" });
    const y = g.add("mul", [x, x], {}, { name: "y" });
    const graph = g.finish([{ name: "y", id: y }]);
    const v = interpret(graph, { x: tensor([], [0.1]) }, { roundF32: true });
    expect(v.get("x")!.data[0]).toBe(Math.fround(0.1));
    expect(v.get("y")!.data[0]).toBe(Math.fround(Math.fround(0.1) * Math.fround(0.1)));
    expect(interpret(graph, { x: tensor([], [0.1]) }).get("y")!.data[0]).toBe(0.1 * 0.1);
  });
  it("dropout masks are ones outside training and seeded 0 or 1/(1−p) in training", () => {
    const g = new GraphBuilder(lookupOp);
    g.add("dropout_mask", [], { p: 0.5, dtype: "f64", shape: [1000], seed: 7 }, { name: "m" });
    const graph = g.finish([]);
    expect(interpret(graph, {}).get("m")!.data.every((v) => v === 1)).toBe(true);
    const m = interpret(graph, {}, { training: true }).get("m")!.data;
    expect(m.every((v) => v === 0 || v === 2)).toBe(true);
    const kept = m.filter((v) => v === 2).length;
    expect(kept).toBeGreaterThan(450);
    expect(kept).toBeLessThan(550);
    expect([...interpret(graph, {}, { training: true }).get("m")!.data]).toEqual([...m]);
  });
});
