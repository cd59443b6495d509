/**
 * A classifier with a symbolic batch dim B, built the way lowering builds it (explicit broadcasts,
 * mean over B): gradients of every parameter at B = 4 (and the same backward graph at B = 2) vs
 * central differences.
 */
import { describe, it } from "vitest";
import { sym, tensorType, type Dim } from "@nnc/ir";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { checkProblem, randomTensor, rng, type Feeds } from "./gradcheck-helpers.ts";

const B = sym("B");

function classifier() {
  const b = new GraphBuilder(lookupOp, "Clf", {}, ["B"]);
  const inp = (name: string, shape: Dim[], role = "model") => b.add("input", [], { role, dtype: "f64", shape }, { name });
  const par = (name: string, shape: number[]) => b.add("param", [], { dtype: "f64", shape }, { name });
  const x = inp("x", [B, 3]);
  const W1 = par("W1", [3, 5]);
  const b1 = par("b1", [5]);
  const W2 = par("W2", [5, 4]);
  const b2 = par("b2", [4]);
  const label = b.add("input", [], { role: "train", dtype: "i32", shape: [B] }, { name: "label" });
  const h = b.add("tanh", [b.add("add", [b.add("matmul", [x, W1]), b.add("broadcast", [b1], { shape: [B, 5] })])], {}, { name: "h" });
  const logits = b.add("add", [b.add("matmul", [h, W2]), b.add("broadcast", [b2], { shape: [B, 4] })], {}, { name: "logits" });
  const loss = b.add("reduce_mean", [b.add("cross_entropy", [logits, label])], { axes: [0], keepdims: false }, { name: "loss" });
  return { graph: b.finish([{ name: "loss", id: loss }]), params: ["W1", "b1", "W2", "b2"] };
}

describe("symbolic batch", () => {
  it.each([4, 2])("mean cross-entropy MLP at B = %i", (batch) => {
    const { graph, params } = classifier();
    const rand = rng(batch);
    const feeds: Feeds = {};
    for (const n of graph.nodes) {
      if (n.op !== "input" && n.op !== "param") continue;
      const shape = n.type.shape.map((d) => (typeof d === "number" ? d : batch));
      feeds[n.id] = randomTensor(tensorType(n.type.dtype, shape), n.type.dtype === "i32" ? "label" : "any", rand, 4);
    }
    checkProblem({ graph, feeds, wrt: params }, batch);
  });
});
