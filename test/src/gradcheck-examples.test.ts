/**
 * Whole-model gradient checks: every model of every example in examples/, lowered in f64, at batch
 * size 2 with seeded parameters (the models' own initializers) and random inputs. Models with a train
 * section are differentiated from their loss; others from Σ c ⊙ output. For each parameter, a few
 * random elements are checked against central differences (full FD of a 784×128 matrix would take
 * minutes), and ⟨∇loss, t⟩ against the directional difference along a random t through ALL parameters.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { differentiate } from "@nnc/autodiff";
import { SourceFile } from "@nnc/diagnostics";
import { tensorType, type Graph } from "@nnc/ir";
import { initBuffers, initParams, interpret } from "@nnc/interp";
import { checkProgram } from "@nnc/lower";
import { GraphBuilder, lookupOp, tensor } from "@nnc/ops";
import { parse } from "@nnc/syntax";
import { directionalDiff, dot, firstMismatch, randomTensor, rng, scalarValue, type Feeds } from "./gradcheck-helpers.ts";

const EXAMPLES = new URL("../../examples/", import.meta.url);
const BATCH = 2;
const PER_PARAM = 5;

function lower(file: string) {
  const source = new SourceFile(file, readFileSync(new URL(file, EXAMPLES), "utf8"));
  const parsed = parse(source);
  const checked = checkProgram(parsed.program, source, { dtype: "f64" });
  expect([...parsed.diagnostics, ...checked.diagnostics].map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return checked.models;
}

/** The loss of a model without a train section: Σ_outputs Σ c_o ⊙ output, with inputs c_o fed. */
function outputLoss(graph: Graph): { graph: Graph; loss: string } {
  const b = GraphBuilder.from(lookupOp, graph);
  const terms = graph.outputs.map((o) => {
    const t = b.type(o.id);
    const c = b.add("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, { name: `c_${o.name}` });
    const prod = b.add("mul", [c, o.id]);
    return t.shape.length === 0 ? prod : b.add("reduce_sum", [prod], { axes: t.shape.map((_, i) => i), keepdims: false });
  });
  const loss = terms.slice(1).reduce((acc, t) => b.add("add", [acc, t]), terms[0]!);
  return { graph: b.finish(graph.outputs), loss };
}

function feedsFor(graph: Graph, seed: number): Feeds {
  const rand = rng(seed);
  const feeds: Feeds = { ...initParams(graph, seed), ...initBuffers(graph, seed) };
  for (const n of graph.nodes) {
    if (n.op !== "input") continue;
    const shape = n.type.shape.map((d) => (typeof d === "number" ? d : BATCH));
    // A label's classes: the last dim of the first operand of the op that consumes it (cross_entropy);
    // token ids read by take(E, ids) index E's rows (its first dim).
    const user = graph.nodes.find((u) => u.inputs.includes(n.id));
    const logits = user === undefined ? undefined : graph.nodes.find((m) => m.id === user.inputs[0]);
    const classes = user?.op === "take" && user.inputs[1] === n.id ? logits?.type.shape[0] : logits?.type.shape.at(-1);
    const domain = n.type.dtype === "i32" ? "label" : "any";
    feeds[n.id] = randomTensor(tensorType(n.type.dtype, shape), domain, rand, typeof classes === "number" ? classes : 2);
  }
  return feeds;
}

const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".nn")).sort();

describe.each(files)("example %s", (file) => {
  it("every parameter's gradient matches finite differences", () => {
    for (const model of lower(file)) {
      const { graph, loss } = model.train === undefined ? outputLoss(model.graph) : { graph: model.graph, loss: model.train.loss };
      const params = graph.nodes.filter((n) => n.op === "param").map((n) => n.id);
      const feeds = feedsFor(graph, 3);
      const r = differentiate({ graph, of: loss, wrt: params });
      expect(r.diagnostics).toEqual([]);
      const values = interpret(r.graph, feeds);
      const L = values.get(loss)!.data[0]!;
      expect(Number.isFinite(L)).toBe(true);
      const atol = 1e-7 * Math.max(1, Math.abs(L));
      const rand = rng(11);
      for (const p of params) {
        const g = values.get(r.grads[p]!)!;
        expect(g.shape).toEqual(feeds[p]!.shape);
        for (let s = 0; s < PER_PARAM; s++) {
          const k = Math.floor(rand() * g.data.length);
          const unit = tensor(g.shape);
          unit.data[k] = 1;
          const fd = directionalDiff(graph, loss, feeds, { [p]: unit });
          expect(firstMismatch([g.data[k]!], [fd], 1e-6, atol), `${model.name}: ∂${loss}/∂${p}[${k}] = ${g.data[k]} vs ${fd}`).toBe(-1);
        }
      }
      const dirs: Feeds = Object.fromEntries(params.map((p) => [p, randomTensor(tensorType("f64", feeds[p]!.shape), "any", rand)]));
      const analytic = params.reduce((s, p) => s + dot(values.get(r.grads[p]!)!, dirs[p]!), 0);
      const numeric = directionalDiff(graph, loss, feeds, dirs);
      expect(firstMismatch([analytic], [numeric], 1e-6, atol), `${model.name}: ⟨∇${loss}, t⟩ ${analytic} vs ${numeric}`).toBe(-1);
      expect(scalarValue(graph, feeds, loss)).toBe(L);
    }
  });
});
