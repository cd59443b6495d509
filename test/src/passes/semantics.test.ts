import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isParseError, parseGraph, printGraph, type Attrs, type Graph, type TensorType } from "@nnc/ir";
import { GraphBuilder, lookupOp, tensor } from "@nnc/ops";
import { DEFAULT_PIPELINE, runPipeline } from "@nnc/passes";
import { expectSameOutputs } from "./same-values.ts";

const T: TensorType = { dtype: "f64", shape: [2, 3] };

type Step = { kind: "unary"; op: "neg" | "relu" | "tanh"; a: number } | { kind: "binary"; op: "add" | "sub" | "mul"; a: number; b: number } | { kind: "byConst"; op: "mul" | "div" | "add" | "sub"; a: number; c: number; left: boolean } | { kind: "chain"; op: "transpose" | "reshape" | "neg" | "logsoftmax"; a: number } | { kind: "repeat"; a: number };

const arbStep: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("unary" as const), op: fc.constantFrom("neg" as const, "relu" as const, "tanh" as const), a: fc.nat() }),
  fc.record({ kind: fc.constant("binary" as const), op: fc.constantFrom("add" as const, "sub" as const, "mul" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("byConst" as const), op: fc.constantFrom("mul" as const, "div" as const, "add" as const, "sub" as const), a: fc.nat(), c: fc.constantFrom(0, 1, 2, -1, 0.5), left: fc.boolean() }),
  fc.record({ kind: fc.constant("chain" as const), op: fc.constantFrom("transpose" as const, "reshape" as const, "neg" as const, "logsoftmax" as const), a: fc.nat() }),
  fc.record({ kind: fc.constant("repeat" as const), a: fc.nat() }),
);

/** A random f64[2, 3] program over two inputs, rich in what the passes rewrite. */
function build(steps: readonly Step[], outs: readonly number[]): Graph {
  const b = new GraphBuilder(lookupOp, "rand");
  const vals = [b.addTyped("input", [], { role: "model", dtype: "f64", shape: [2, 3] }, T, { name: "x" }), b.addTyped("input", [], { role: "model", dtype: "f64", shape: [2, 3] }, T, { name: "y" })];
  const pick = (i: number): string => vals[i % vals.length]!;
  const bounded = (id: string): string => b.add("tanh", [id]);
  for (const s of steps) {
    if (s.kind === "unary") vals.push(b.add(s.op, [pick(s.a)]));
    else if (s.kind === "binary") vals.push(b.add(s.op, s.op === "mul" ? [pick(s.a), bounded(pick(s.b))] : [pick(s.a), pick(s.b)]));
    else if (s.kind === "byConst") {
      const scalar = b.add("const", [], { value: s.c === 0 && s.op === "div" ? 1 : s.c, dtype: "f64", shape: [] });
      const c = b.add("broadcast", [scalar], { shape: [2, 3] });
      vals.push(b.add(s.op, s.left && s.op !== "div" ? [c, pick(s.a)] : [pick(s.a), c]));
    } else if (s.kind === "repeat") {
      const n = b.get(pick(s.a));
      if (n.op !== "input") vals.push(b.add(n.op, n.inputs, n.attrs));
    } else {
      const v = pick(s.a);
      const attrs: Attrs = s.op === "transpose" ? { perm: [1, 0] } : s.op === "reshape" ? { shape: [6] } : {};
      const back: Attrs = s.op === "transpose" ? { perm: [1, 0] } : s.op === "reshape" ? { shape: [2, 3] } : {};
      if (s.op === "logsoftmax") vals.push(b.add("log", [b.add("softmax", [v], { axis: 1 })]));
      else vals.push(b.add(s.op, [b.add(s.op, [v], attrs)], back));
    }
  }
  const outputs = [...new Set([vals.length - 1, ...outs.map((o) => o % vals.length)])].map((i) => ({ name: `out${i}`, id: vals[i]! }));
  return b.finish(outputs);
}

const arbFeeds = fc.tuple(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }));

describe("the default pipeline preserves semantics", () => {
  it("on random programs, checked with the reference interpreter", () => {
    fc.assert(
      fc.property(fc.array(arbStep, { maxLength: 14 }), fc.array(fc.nat(), { maxLength: 3 }), arbFeeds, (steps, outs, [xs, ys]) => {
        const g = build(steps, outs);
        const opt = runPipeline(g, DEFAULT_PIPELINE, { verify: true });
        expect(opt.nodes.length).toBeLessThanOrEqual(g.nodes.length);
        expectSameOutputs(g, opt, { x: tensor([2, 3], xs), y: tensor([2, 3], ys) });
      }),
      { numRuns: 300 },
    );
  });

  it("on a hand-written classifier, with the exact optimised text", () => {
    const parsed = parseGraph(`graph Clf dims(B) {
  input x: f64[B, 4] {role="model"}
  param W: f64[4, 3]
  one: f64[] = const() {value=1}
  ones: f64[B, 3] = broadcast(one) {shape=[B, 3]}
  %0: f64[B, 3] = matmul(x, W) # clf.nn:5:7-12
  %1: f64[B, 3] = matmul(x, W) # clf.nn:6:7-12
  z: f64[B, 3] = mul(%0, ones)
  t: f64[3, B] = transpose(z) {perm=[1, 0]}
  u: f64[B, 3] = transpose(t) {perm=[1, 0]}
  p: f64[B, 3] = softmax(u) {axis=1}
  logp: f64[B, 3] = log(p)  # clf.nn:7:8-20
  two: f64[] = const() {value=2}
  half: f64[] = div(one, two)
  h: f64[B, 3] = broadcast(half) {shape=[B, 3]}
  s: f64[B, 3] = mul(%1, h)
  y: f64[B, 3] = add(logp, s)
  return y
}
`);
    if (isParseError(parsed)) throw new Error(parsed.error);
    const printed: string[] = [];
    const opt = runPipeline(parsed, DEFAULT_PIPELINE, { verify: true, printAfter: "*", onPrint: (name) => printed.push(name) });
    expect(printed).toEqual(DEFAULT_PIPELINE);
    expect(printGraph(opt)).toBe(`graph Clf dims(B) {
  input x: f64[B, 4] {role="model"}
  param W: f64[4, 3]
  %0: f64[B, 3] = matmul(x, W)               # clf.nn:5:7-12
  logp: f64[B, 3] = log_softmax(%0) {axis=1} # clf.nn:7:8-20
  h: f64[B, 3] = const() {value=0.5}
  s: f64[B, 3] = mul(%0, h)
  y: f64[B, 3] = add(logp, s)
  return y
}
`);
    const xs = Array.from({ length: 20 }, (_, i) => Math.sin(i + 1));
    const ws = Array.from({ length: 12 }, (_, i) => Math.cos(3 * i));
    expectSameOutputs(parsed, opt, { x: tensor([5, 4], xs), W: tensor([4, 3], ws) });
  });

  it("rejects an unknown pass name", () => {
    const g: Graph = { name: "e", nodes: [], outputs: [], inits: {}, dims: [] };
    expect(() => runPipeline(g, ["dce", "inline"])).toThrow("unknown pass 'inline' (known: dce, cse, fold, simplify, shared-matmul, summed-matmul, relu-mask)");
  });
});
