/**
 * Second order: the backward graph is ordinary IR, so differentiating ⟨∇L, v⟩ gives H·v. Checked on a
 * small tanh MLP against central differences of the gradient, and for symmetry ⟨u, Hv⟩ = ⟨v, Hu⟩.
 */
import { describe, expect, it } from "vitest";
import { differentiate, hvp } from "@nnc/autodiff";
import { tensorType, type Graph } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import { GraphBuilder, lookupOp, tensor, type Tensor } from "@nnc/ops";
import { describeMismatch, dot, firstMismatch, randomTensor, rng, type Feeds } from "./gradcheck-helpers.ts";

/** loss = Σ c ⊙ (tanh(x @ W1 + b1) @ W2) with x [4,3], W1 [3,5], b1 [5], W2 [5,2]. */
function mlp(): Graph {
  const b = new GraphBuilder(lookupOp);
  const inp = (name: string, shape: number[], op = "input") =>
    b.add(op, [], op === "input" ? { role: "model", dtype: "f64", shape } : { dtype: "f64", shape }, { name });
  const x = inp("x", [4, 3]);
  const W1 = inp("W1", [3, 5], "param");
  const b1 = inp("b1", [5], "param");
  const W2 = inp("W2", [5, 2], "param");
  const c = inp("c", [4, 2]);
  const pre = b.add("add", [b.add("matmul", [x, W1]), b.add("broadcast", [b1], { shape: [4, 5] })]);
  const h = b.add("tanh", [pre], {}, { name: "h" });
  const y = b.add("matmul", [h, W2], {}, { name: "y" });
  const loss = b.add("reduce_sum", [b.add("mul", [c, y])], { axes: [0, 1], keepdims: false }, { name: "loss" });
  return b.finish([{ name: "loss", id: loss }]);
}

function feedsFor(g: Graph, seed: number): Feeds {
  const rand = rng(seed);
  const feeds: Feeds = {};
  for (const n of g.nodes) if (n.op === "input" || n.op === "param") feeds[n.id] = randomTensor(n.type, "any", rand);
  return feeds;
}

function moved(t: Tensor, v: Tensor, s: number): Tensor {
  return tensor(t.shape, t.data.map((x, i) => x + s * v.data[i]!));
}

describe("Hessian-vector products", () => {
  const g = mlp();
  const feeds = feedsFor(g, 42);

  it.each(["W1", "b1", "W2"])("H·v for %s matches central differences of the gradient", (w) => {
    const r = hvp(g, "loss", w, "v");
    // ∇_W2 loss = hᵀ·c does not depend on W2: the second pass warns that its gradient is zero.
    expect(r.diagnostics.map((d) => d.code)).toEqual(w === "W2" ? ["E0501"] : []);
    const v = randomTensor(tensorType("f64", feeds[w]!.shape), "any", rng(7));
    const hv = interpret(r.graph, { ...feeds, v }).get(r.hvp)!;
    const first = differentiate({ graph: g, of: "loss", wrt: [w] });
    const grad = (s: number) => interpret(first.graph, { ...feeds, [w]: moved(feeds[w]!, v, s) }).get(first.grads[w]!)!;
    const eps = 1e-6;
    const [plus, minus] = [grad(eps), grad(-eps)];
    const fd = plus.data.map((gp, i) => (gp - minus.data[i]!) / (2 * eps));
    const bad = firstMismatch(hv.data, fd, 1e-6, 1e-7);
    expect(bad, describeMismatch(hv.data, fd, bad)).toBe(-1);
    // W2 enters linearly: its Hessian block is zero.
    if (w === "W2") expect(Array.from(hv.data).every((x) => x === 0)).toBe(true);
    else expect(Array.from(hv.data).some((x) => Math.abs(x) > 1e-3)).toBe(true);
  });

  it("is symmetric: ⟨u, H·v⟩ = ⟨v, H·u⟩", () => {
    const r = hvp(g, "loss", "W1", "v");
    const u = randomTensor(tensorType("f64", [3, 5]), "any", rng(1));
    const v = randomTensor(tensorType("f64", [3, 5]), "any", rng(2));
    const hv = interpret(r.graph, { ...feeds, v }).get(r.hvp)!;
    const hu = interpret(r.graph, { ...feeds, v: u }).get(r.hvp)!;
    expect(dot(u, hv)).toBeCloseTo(dot(v, hu), 10);
  });
});
