/**
 * take / scatter_add inside a nonlinearity, so that the backward graph depends on the float operand
 * and grad-of-grad runs through both VJP rules (take's is scatter_add, scatter_add's is take):
 *   L(E) = Σ c ⊙ tanh(take(E, ids))            ∇_E L = scatter_add(ids, c ⊙ (1 − tanh²(take(E, ids))))
 *   L(U) = Σ c ⊙ tanh(scatter_add(ids, U, V))  ∇_U L = take(c ⊙ (1 − tanh²(S)), ids)
 * First order: float64 central differences per element; second order: H·v against the central
 * difference of the gradient along v. Ids are drawn with repeats so that rows accumulate.
 */
import { describe, expect, it } from "vitest";
import { differentiate } from "@nnc/autodiff";
import { tensorType, type Attrs, type TensorType } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import { GraphBuilder, lookupOp, tensor } from "@nnc/ops";
import { checkProblem, describeMismatch, firstMismatch, randomTensor, rng, type Feeds, type Problem } from "./gradcheck-helpers.ts";

interface Case {
  readonly label: string;
  readonly op: "take" | "scatter_add";
  /** The float operand (differentiated) and the ids, in the op's operand order. */
  readonly float: TensorType;
  readonly ids: TensorType;
  readonly rows: number;
}

const CASES: readonly Case[] = [
  { label: "take, 8 ids over 3 rows", op: "take", float: tensorType("f64", [3, 2]), ids: tensorType("i32", [2, 4]), rows: 3 },
  { label: "take, rank-3 table", op: "take", float: tensorType("f64", [4, 2, 2]), ids: tensorType("i32", [5]), rows: 4 },
  { label: "scatter_add, 6 updates into 3 rows", op: "scatter_add", float: tensorType("f64", [6, 2]), ids: tensorType("i32", [6]), rows: 3 },
  { label: "scatter_add, rank-2 ids", op: "scatter_add", float: tensorType("f64", [2, 3, 2]), ids: tensorType("i32", [2, 3]), rows: 4 },
];

function problem(k: Case, seed: number): Problem {
  const rand = rng(seed);
  const b = new GraphBuilder(lookupOp);
  const x = b.add("input", [], { role: "model", dtype: "f64", shape: k.float.shape }, { name: "x" });
  const ids = b.add("input", [], { role: "model", dtype: "i32", shape: k.ids.shape }, { name: "ids" });
  const attrs: Attrs = k.op === "take" ? {} : { rows: k.rows };
  const y = b.add(k.op, k.op === "take" ? [x, ids] : [ids, x], attrs);
  const z = b.add("tanh", [y]);
  const zt = b.type(z);
  const c = b.add("input", [], { role: "model", dtype: "f64", shape: zt.shape }, { name: "c" });
  const loss = b.add("reduce_sum", [b.add("mul", [c, z])], { axes: zt.shape.map((_, i) => i), keepdims: false });
  const feeds: Feeds = { x: randomTensor(k.float, "any", rand), ids: randomTensor(k.ids, "label", rand, k.rows), c: randomTensor(zt, "any", rand) };
  return { graph: b.finish([{ name: "loss", id: loss }]), feeds, wrt: ["x"] };
}

describe("take and scatter_add under tanh", () => {
  it.each(CASES.map((k, i) => [k.label, k, i] as const))("first order: %s", (_label, k, i) => {
    const p = problem(k, 300 + i);
    const ids = Array.from(p.feeds.ids!.data);
    expect(new Set(ids).size, "the sample ids repeat").toBeLessThan(ids.length);
    checkProblem(p, 300 + i);
  });

  it.each(CASES.map((k, i) => [k.label, k, i] as const))("second order (H·v): %s", (_label, k, i) => {
    const p = problem(k, 400 + i);
    const loss = p.graph.outputs[0]!.id;
    const first = differentiate({ graph: p.graph, of: loss, wrt: ["x"] });
    const b = GraphBuilder.from(lookupOp, first.graph);
    const v = b.add("input", [], { role: "model", dtype: "f64", shape: k.float.shape }, { name: "v" });
    const s = b.add("reduce_sum", [b.add("mul", [first.grads.x!, v])], { axes: k.float.shape.map((_, j) => j), keepdims: false });
    const second = differentiate({ graph: b.finish([]), of: s, wrt: ["x"] });
    expect(second.graph.nodes.some((n) => n.op === "take") && second.graph.nodes.some((n) => n.op === "scatter_add")).toBe(true);
    const dir = randomTensor(k.float, "any", rng(500 + i));
    const hv = interpret(second.graph, { ...p.feeds, v: dir }).get(second.grads.x!)!.data;
    const eps = 1e-6;
    const gradAt = (sgn: number) => {
      const moved = tensor(p.feeds.x!.shape, p.feeds.x!.data.map((a, j) => a + sgn * eps * dir.data[j]!));
      return interpret(first.graph, { ...p.feeds, x: moved }).get(first.grads.x!)!.data;
    };
    const [gp, gm] = [gradAt(1), gradAt(-1)];
    const fd = gp.map((a, j) => (a - gm[j]!) / (2 * eps));
    expect(Array.from(hv).some((a) => Math.abs(a) > 1e-3), "H·v is not trivially zero").toBe(true);
    const bad = firstMismatch(hv, fd, 1e-6, 1e-7 * Math.max(1, ...Array.from(gp, Math.abs)));
    expect(bad, describeMismatch(hv, fd, bad)).toBe(-1);
  });
});
