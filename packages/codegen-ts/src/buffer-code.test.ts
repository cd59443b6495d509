/**
 * Buffer updates in the generated class act at once after an applied training step: `next a = b`
 * with `next b = a` swaps (values are read before any buffer is written), a counter counts steps,
 * and forward never writes a buffer. The graph is IR text, so this needs no lowering.
 */
import { runInThisContext } from "node:vm";
import { isParseError, parseGraph, type Graph } from "@nnc/ir";
import type { CompiledModel } from "@nnc/runtime";
import { describe, expect, it } from "vitest";
import { generateModel } from "./generate.ts";

const SWAP = `graph Swap {
  input x: f64[2] {role="model"}
  param W: f64[2] = ones()
  buffer a: f64[2] = constant(1)
  buffer b: f64[2] = constant(2)
  buffer n: f64[] = zeros()
  buffer w0: f64[2] = zeros()
  y: f64[2] = mul(W, x)
  loss: f64[] = reduce_sum(y) {axes=[0], keepdims=false}
  dW: f64[2] = mul(x, a)
  %1: f64[] = const() {value=1}
  n1: f64[] = add(n, %1)
  next a = b
  next b = a
  next n = n1
  next w0 = W
  return y
}
`;

function graph(text: string): Graph {
  const g = parseGraph(text);
  if (isParseError(g)) throw new Error(`${g.line}: ${g.error}`);
  return g;
}

function load(g: Graph, lr = 0): CompiledModel {
  const gen = generateModel({
    name: "Swap",
    graph: g,
    outputs: g.outputs,
    loss: "loss",
    grads: { W: "dW" },
    train: { update: { optimizer: { kind: "sgd", args: { lr, momentum: 0, nesterov: false, weight_decay: 0 }, decayAll: false }, clip: null }, lr },
    explanation: [],
    dtype: "f64",
    target: "js",
    source: { file: "swap.nn" },
  });
  const Cls = runInThisContext(`(() => {\n"use strict";\n${gen.code}\nreturn ${gen.className};\n})()`) as new (maxBatch: number) => CompiledModel;
  const cm = new Cls(1);
  cm.initParams(1);
  return cm;
}

describe("buffer updates in generated code", () => {
  it("apply every `next` at once after a training step (a swap swaps), and only there", () => {
    const cm = load(graph(SWAP));
    const read = (name: string): number[] => Array.from(cm.buffers![name]!);
    expect([read("a"), read("b"), read("n")]).toEqual([[1, 1], [2, 2], [0]]);
    cm.inputs["x"]!.set([3, 4]);
    cm.forward(1);
    expect([read("a"), read("b"), read("n")]).toEqual([[1, 1], [2, 2], [0]]);
    expect(cm.trainStep(1)).toBe(7);
    expect([read("a"), read("b"), read("n")]).toEqual([[2, 2], [1, 1], [1]]);
    cm.trainStep(1);
    expect([read("a"), read("b"), read("n")]).toEqual([[1, 1], [2, 2], [2]]);
    expect(cm.meta.buffers).toEqual([
      { name: "a", dtype: "f64", shape: [2], updated: true },
      { name: "b", dtype: "f64", shape: [2], updated: true },
      { name: "n", dtype: "f64", shape: [], updated: true },
      { name: "w0", dtype: "f64", shape: [2], updated: true },
    ]);
  });

  it("a `next` value that is a parameter is the step's value, before the optimizer's update", () => {
    const cm = load(graph(SWAP), 0.5);
    cm.inputs["x"]!.set([3, 4]);
    cm.trainStep(1);
    // sgd: W = [1, 1] − 0.5·dW with dW = x ⊙ a = [3, 4].
    expect(Array.from(cm.params["W"]!)).toEqual([-0.5, -1]);
    expect(Array.from(cm.buffers!["w0"]!)).toEqual([1, 1]);
  });

  it("a class without a training step has buffers but no updates", () => {
    const g = graph(SWAP);
    const gen = generateModel({ name: "Swap", graph: g, outputs: g.outputs, loss: null, grads: {}, train: null, explanation: [], dtype: "f64", target: "js", source: { file: "swap.nn" } });
    expect(gen.code).toContain(`this.buffers = Object.assign(Object.create(null), { "a": `);
    expect(gen.code).not.toContain(".set(_next");
    expect(gen.memory.filter((m) => m.role === "buffer").map((m) => m.name)).toEqual(["a", "b", "n", "w0"]);
  });
});
