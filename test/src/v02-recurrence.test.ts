/**
 * `scan`, `repeat` and blocks with several results through the whole compiler: forward values against
 * a direct computation, and float64 gradients (compile's gradient graph, interpreted) against central
 * differences — shared scan params accumulate over the steps, repeat params are per application.
 */
import { describe, expect, it } from "vitest";
import { SourceFile } from "@nnc/diagnostics";
import { isParseError, parseGraph, printGraph } from "@nnc/ir";
import { initParams, interpret } from "@nnc/interp";
import { checkProgram } from "@nnc/lower";
import { tensor } from "@nnc/ops";
import { parse } from "@nnc/syntax";
import { rng, type Feeds } from "./gradcheck-helpers.ts";
import { gradcheckModel } from "./v02-models-harness.ts";

const RNN = `dim B
block rnn_step(x: f32[B, I], h: f32[B, H]) -> f32[B, H] {
  param Wx: f32[I, H]
  param Wh: f32[H, H]
  param b: f32[H] = normal(std = 0.5)
  return tanh(x @ Wx + h @ Wh + b)
}
model Rnn(xs: f32[B, 3, 2], h0: f32[B, 4]) -> (hs: f32[B, 3, 4]) {
  hs = scan(rnn_step, xs, init = h0, axis = 1)
}
train Rnn {
  input target: f32[B, 3, 4]
  loss = mean((hs - target) ^ 2)
  optimizer = sgd(lr = 0.1)
}
`;

const LSTM = `dim B
block lstm_step(x: f32[B, I], h: f32[B, H], c: f32[B, H]) -> (h: f32[B, H], c: f32[B, H]) {
  param Wx: f32[I, 4 * H]
  param Wh: f32[H, 4 * H]
  param b:  f32[4 * H] = normal(std = 0.5)
  (i, f, g, o) = split(x @ Wx + h @ Wh + b, 4, axis = -1)
  c2 = sigmoid(f) * c + sigmoid(i) * tanh(g)
  return (sigmoid(o) * tanh(c2), c2)
}
model Lstm(xs: f32[3, B, 2], h0: f32[B, 3], c0: f32[B, 3]) -> (hs: f32[3, B, 3], cs: f32[3, B, 3]) {
  (hs, cs) = scan(lstm_step, xs, init = (h0, c0), axis = 0)
}
train Lstm {
  input target: f32[3, B, 3]
  loss = mean((hs - target) ^ 2) + mean(cs ^ 2)
  optimizer = sgd(lr = 0.1)
}
`;

const REPEAT = `dim B
block lin(x: f32[N, D], k: dim) -> f32[N, k] {
  param W: f32[D, k]
  return x @ W
}
block layer(x: f32[N, D], scale: float = 1) -> f32[N, D] {
  param b: f32[D] = normal(std = 0.5)
  attn = lin(x, D)
  return tanh(attn + b) * scale + x
}
model Deep(x: f32[B, 3]) -> (y: f32[B, 3]) {
  y = x |> repeat(layer, times = 3, scale = 0.7)
}
train Deep {
  input target: f32[B, 3]
  loss = mean((y - target) ^ 2)
  optimizer = sgd(lr = 0.1)
}
`;

describe("scan through the compiler", () => {
  it("computes h_t = tanh(x_t Wx + h_{t-1} Wh + b) for every step, stacked along axis 1", () => {
    const source = new SourceFile("rnn.nn", RNN);
    const checked = checkProgram(parse(source).program, source, { dtype: "f64" });
    expect(checked.diagnostics).toEqual([]);
    const g = checked.models[0]!.graph;
    const rand = rng(3);
    const fill = (shape: number[]) => tensor(shape, Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * rand() - 1));
    const xs = fill([2, 3, 2]);
    const h0 = fill([2, 4]);
    const feeds: Feeds = { ...initParams(g, 5), xs, h0, target: fill([2, 3, 4]) };
    const hs = interpret(g, feeds).get(g.outputs[0]!.id)!;
    expect(hs.shape).toEqual([2, 3, 4]);
    const [Wx, Wh, b] = [feeds["hs.Wx"]!, feeds["hs.Wh"]!, feeds["hs.b"]!];
    for (let n = 0; n < 2; n++) {
      let h = Array.from({ length: 4 }, (_, j) => h0.data[n * 4 + j]!);
      for (let t = 0; t < 3; t++) {
        const x = [0, 1].map((i) => xs.data[(n * 3 + t) * 2 + i]!);
        h = h.map((_, j) => Math.tanh(x[0]! * Wx.data[j]! + x[1]! * Wx.data[4 + j]! + h.reduce((s, hk, k) => s + hk * Wh.data[k * 4 + j]!, 0) + b.data[j]!));
        for (let j = 0; j < 4; j++) expect(hs.data[(n * 3 + t) * 4 + j]).toBeCloseTo(h[j]!, 12);
      }
    }
  });

  it("prints per-step names and step annotations in IR text that parses back to the same graph", () => {
    const source = new SourceFile("lstm.nn", LSTM);
    const checked = checkProgram(parse(source).program, source);
    expect(checked.diagnostics).toEqual([]);
    const g = checked.models[0]!.graph;
    const text = printGraph(g);
    expect(text).toContain('"hs[1].c2"');
    expect(text).toContain("@hs[1/3]");
    const back = parseGraph(text);
    if (isParseError(back)) throw new Error(`${back.line}:${back.column} ${back.error}`);
    expect(back.nodes.map((n) => [n.id, n.step])).toEqual(g.nodes.map((n) => [n.id, n.step]));
  });

  it("f64 gradients of an RNN scan (params shared by 3 steps) match central differences", () => {
    const r = gradcheckModel(RNN, "rnn.nn", { batch: 2, seed: 11, training: true, perParam: 6 });
    expect(r.params).toEqual(["hs.Wx", "hs.Wh", "hs.b"]);
    expect(r.compared).toBe(18);
  });

  it("f64 gradients of a time-major LSTM scan with a tuple state match central differences", () => {
    const r = gradcheckModel(LSTM, "lstm.nn", { batch: 2, seed: 12, training: true, perParam: 6 });
    expect(r.params).toEqual(["hs.Wx", "hs.Wh", "hs.b"]);
  });
});

describe("repeat through the compiler", () => {
  it("f64 gradients of 3 applications, each with its own params, match central differences", () => {
    const r = gradcheckModel(REPEAT, "deep.nn", { batch: 2, seed: 13, training: true, perParam: 4 });
    expect(r.params).toEqual(["y.0.b", "y.0.attn.W", "y.1.b", "y.1.attn.W", "y.2.b", "y.2.attn.W"]);
  });
});
