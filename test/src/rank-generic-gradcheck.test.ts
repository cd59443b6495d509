/**
 * A rank-generic block (`f32[..., I]`) after inlining at rank 3: its values equal the same block applied
 * to the rows of the flattened input (rank 2), and its explicit backward matches float64 central
 * differences (gradcheck-helpers' element-wise and dot-product checks), parameters and input alike.
 */
import { describe, expect, it } from "vitest";
import { interpret } from "@nnc/interp";
import type { Graph } from "@nnc/ir";
import { checkProblem, randomTensor, rng, SYMBOL_SIZE, type Feeds } from "./gradcheck-helpers.ts";
import { lowerModel } from "./v02-builtins-support.ts";

const BLOCK = `dim B, T
block norm_proj(x: f32[..., I], out: dim) -> f32[..., out] {
  param W: f32[I, out]
  param g: f32[I]
  m = mean(x, axis = -1, keepdims = true)
  v = mean((x - m) ^ 2, axis = -1, keepdims = true)
  return tanh(((x - m) / sqrt(v + 0.1) * g) @ W)
}
`;

/** Random values for every input and param of `graph` (symbolic dims B, T at gradcheck-helpers' SYMBOL_SIZE). */
function feedsOf(graph: Graph, seed: number): Feeds {
  const rand = rng(seed);
  const feeds: Feeds = {};
  for (const n of graph.nodes) if (n.op === "input" || n.op === "param") feeds[n.id] = randomTensor(n.type, "any", rand);
  return feeds;
}

describe("a rank-generic block at rank 3", () => {
  it("computes row by row what the rank-2 call computes on the flattened rows", () => {
    const m = lowerModel(`${BLOCK}model M(x: f32[B, T, 4]) -> (y3: f32[B, T, 3], y2: f32[B * T, 3]) {
  y3 = norm_proj(x, out = 3)
  y2 = norm_proj(reshape(x, [-1, 4]), out = 3)
}
`);
    const feeds = feedsOf(m.graph, 5);
    feeds["y2.W"] = feeds["y3.W"]!;
    feeds["y2.g"] = feeds["y3.g"]!;
    const values = interpret(m.graph, feeds);
    const y3 = values.get(m.graph.outputs[0]!.id)!;
    const y2 = values.get(m.graph.outputs[1]!.id)!;
    expect(y3.shape).toEqual([SYMBOL_SIZE, SYMBOL_SIZE, 3]);
    expect(y2.shape).toEqual([SYMBOL_SIZE * SYMBOL_SIZE, 3]);
    expect(Array.from(y3.data)).toEqual(Array.from(y2.data));
    expect(new Set(y3.data).size).toBe(y3.data.length);
  });

  it("has gradients equal to central differences for the input and both params", () => {
    const m = lowerModel(`${BLOCK}model M(x: f32[B, T, 4], c: f32[B, T, 3]) -> (loss: f32) {
  loss = sum(c * norm_proj(x, out = 3))
}
`);
    const feeds = feedsOf(m.graph, 9);
    const wrt = m.graph.nodes.filter((n) => n.op === "param" || n.id === "x").map((n) => n.id);
    expect(wrt.sort()).toEqual(["norm_proj_1.W", "norm_proj_1.g", "x"]);
    expect(feeds["x"]!.shape).toEqual([SYMBOL_SIZE, SYMBOL_SIZE, 4]);
    checkProblem({ graph: m.graph, feeds, wrt }, 9);
  });
});
