/**
 * Second order for every op of the table: the backward graph of each rule must itself be
 * differentiable (every op a rule emits has a rule, and those rules are right). For each sample,
 * loss = Σ c ⊙ op(x…); the first pass gives g = ∇loss w.r.t. all differentiable operands; the second
 * differentiates ⟨g, v⟩ (v random, held constant), giving H·v — compared with the central difference
 * of g along v: (g(x + εv) − g(x − εv)) / 2ε.
 */
import { describe, expect, it } from "vitest";
import { differentiate } from "@nnc/autodiff";
import { tensorType, type Graph } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import { allOps, GraphBuilder, lookupOp, tensor } from "@nnc/ops";
import { describeMismatch, firstMismatch, opProblem, randomTensor, rng, type Feeds } from "./gradcheck-helpers.ts";

/** loss's gradient graph, then s = Σ_w Σ g_w ⊙ v_w and its gradient: H·v. */
function secondOrder(graph: Graph, loss: string, wrt: readonly string[]) {
  const first = differentiate({ graph, of: loss, wrt });
  const b = GraphBuilder.from(lookupOp, first.graph);
  const terms = wrt.map((w) => {
    const t = b.type(w);
    const v = b.add("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, { name: `v_${w}` });
    const prod = b.add("mul", [first.grads[w]!, v]);
    return t.shape.length === 0 ? prod : b.add("reduce_sum", [prod], { axes: t.shape.map((_, i) => i), keepdims: false });
  });
  const s = terms.slice(1).reduce((acc, t) => b.add("add", [acc, t]), terms[0]!);
  const second = differentiate({ graph: b.finish([]), of: s, wrt });
  return { first, second };
}

const seedOf = (name: string, i: number): number => 5000 + 31 * i + name.length;

/** Samples with at least one differentiable operand and a float output (so a loss exists). */
const cases = allOps()
  .flatMap((def) => def.samples.map((s, i) => [`${def.name} ${s.label}`, def, s, i] as const))
  .filter(([, def, s, i]) => {
    const p = opProblem(def, s, seedOf(def.name, i));
    return p.wrt.length > 0 && p.graph.outputs.length > 0;
  });

describe("second order, generated from the op table", () => {
  it("covers the differentiable ops", () => {
    expect(cases.map(([, def]) => def.name)).toEqual(expect.arrayContaining(["tanh", "matmul", "softmax", "conv2d", "reduce_max"]));
  });

  it.each(cases)("H·v of %s", (_label, def, sample, i) => {
    const seed = seedOf(def.name, i);
    const p = opProblem(def, sample, seed);
    const loss = p.graph.outputs[0]!.id;
    const { first, second } = secondOrder(p.graph, loss, p.wrt);
    const rand = rng(seed + 7);
    const v: Feeds = Object.fromEntries(p.wrt.map((w) => [w, randomTensor(tensorType("f64", p.feeds[w]!.shape), "any", rand)]));
    const vFeeds = Object.fromEntries(p.wrt.map((w) => [`v_${w}`, v[w]!]));
    const hv = interpret(second.graph, { ...p.feeds, ...vFeeds });
    const eps = 1e-6;
    const gradAt = (s: number) => {
      const moved: Feeds = { ...p.feeds };
      for (const w of p.wrt) moved[w] = tensor(p.feeds[w]!.shape, p.feeds[w]!.data.map((x, k) => x + s * v[w]!.data[k]!));
      return interpret(first.graph, moved);
    };
    const [plus, minus] = [gradAt(eps), gradAt(-eps)];
    for (const w of p.wrt) {
      const got = hv.get(second.grads[w]!)!.data;
      const gp = plus.get(first.grads[w]!)!.data;
      const gm = minus.get(first.grads[w]!)!.data;
      const fd = gp.map((x, k) => (x - gm[k]!) / (2 * eps));
      const scale = Math.max(1, ...Array.from(gp, Math.abs));
      const bad = firstMismatch(got, fd, 1e-6, 1e-7 * scale);
      expect(bad, `(H·v)_${w}: ${describeMismatch(got, fd, bad)}`).toBe(-1);
    }
  });
});
