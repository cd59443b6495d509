/**
 * Gradient checks of EVERY block of the standard library: a small model calls the block (cells under
 * `scan`, transformer_block under `repeat`, batch norm in a training step and in evaluation), lowered in
 * float64 with random parameters, buffers and inputs; the loss is Σ c ⊙ output with a random c. nnc's
 * explicit backward (differentiate + the reference interpreter) is compared with central differences:
 * every element of small tensors and a seeded sample of larger ones, and ⟨∇loss, t⟩ with the directional
 * difference along a random t through all parameters and float inputs at once.
 */
import { describe, expect, it } from "vitest";
import { differentiate } from "@nnc/autodiff";
import { tensorType, type Graph } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import { GraphBuilder, lookupOp, tensor, type Tensor } from "@nnc/ops";
import { dot, firstMismatch, randomTensor, rng, type Feeds } from "./gradcheck-helpers.ts";
import { libraryBlocks } from "./stdlib-support.ts";
import { lowerModel } from "./v02-builtins-support.ts";

interface BlockCase {
  /** A model calling the block (`dim B` is fed as BATCH rows). */
  readonly text: string;
  /** The modes to check: training steps (batch statistics) and/or evaluation. */
  readonly training: readonly boolean[];
  /** i32 inputs and their number of classes (embedding ids). */
  readonly ids?: Readonly<Record<string, number>>;
}

const BATCH = 3;
/** Tensors up to this size are checked element by element; larger ones at SAMPLE seeded elements. */
const FULL = 40;
const SAMPLE = 8;

const model = (inputs: string, outputs: string, body: string): string => `dim B\nmodel M(${inputs}) -> (${outputs}) {\n${body}\n}\n`;

/** Keyed by block name: the test below fails when a library block has no case here. */
const CASES: Readonly<Record<string, BlockCase>> = {
  // The rank-generic blocks (`f32[..., D]`) at two ranks each.
  dense: { text: model("x: f32[B, 4], s: f32[B, 2, 4]", "y: f32[B, 3], z: f32[B, 2, 3]", "  y = dense(x, out = 3)\n  z = dense(s, out = 3)"), training: [false] },
  layer_norm: { text: model("x: f32[B, 5], s: f32[B, 2, 5]", "y: f32[B, 5], z: f32[B, 2, 5]", "  y = layer_norm(x)\n  z = layer_norm(s)"), training: [false] },
  rms_norm: { text: model("x: f32[B, 5], s: f32[B, 2, 5]", "y: f32[B, 5], z: f32[B, 2, 5]", "  y = rms_norm(x, eps = 0.01)\n  z = rms_norm(s)"), training: [false] },
  batch_norm: { text: model("x: f32[B, 4]", "y: f32[B, 4]", "  y = batch_norm(x)"), training: [true, false] },
  batch_norm2d: { text: model("x: f32[B, 2, 3, 3]", "y: f32[B, 2, 3, 3]", "  y = batch_norm2d(x)"), training: [true, false] },
  embedding: {
    text: model("ids: i32[B, 4], one: i32[B]", "y: f32[B, 4, 3], z: f32[B, 3]", "  y = embedding(ids, vocab = 5, width = 3)\n  z = embedding(one, vocab = 5, width = 3)"),
    training: [false],
    ids: { ids: 5, one: 5 },
  },
  rnn_cell: { text: model("xs: f32[B, 3, 2], h0: f32[B, 3]", "y: f32[B, 3, 3]", "  y = scan(rnn_cell, xs, init = h0, axis = 1)"), training: [false] },
  lstm_cell: {
    text: model("xs: f32[B, 3, 2], h0: f32[B, 3], c0: f32[B, 3]", "y: f32[B, 3, 3], c: f32[B, 3, 3]", "  (y, c) = scan(lstm_cell, xs, init = (h0, c0), axis = 1)"),
    training: [false],
  },
  gru_cell: { text: model("xs: f32[B, 3, 2], h0: f32[B, 3]", "y: f32[B, 3, 3]", "  y = scan(gru_cell, xs, init = h0, axis = 1)"), training: [false] },
  multi_head_attention: {
    text: model("x: f32[B, 4, 4]", "y: f32[B, 4, 4], z: f32[B, 4, 4]", "  y = multi_head_attention(x, heads = 2)\n  z = multi_head_attention(x, heads = 2, causal = true)"),
    training: [false],
  },
  transformer_block: { text: model("x: f32[B, 4, 4]", "y: f32[B, 4, 4]", "  y = x |> repeat(transformer_block, times = 2, heads = 2)"), training: [false] },
};

/** loss = Σ_outputs Σ c_o ⊙ output, with c_o fed. */
function outputLoss(graph: Graph): { graph: Graph; loss: string } {
  const b = GraphBuilder.from(lookupOp, graph);
  const terms = graph.outputs.map((o) => {
    const t = b.type(o.id);
    const c = b.add("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, { name: `c_${o.name}` });
    return b.add("reduce_sum", [b.add("mul", [c, o.id])], { axes: t.shape.map((_, i) => i), keepdims: false });
  });
  const loss = terms.slice(1).reduce((acc, t) => b.add("add", [acc, t]), terms[0]!);
  return { graph: b.finish(graph.outputs), loss };
}

/** Random inputs, parameters (scaled to ±1) and buffers (positive: running variances). */
function feedsFor(graph: Graph, ids: Readonly<Record<string, number>>, seed: number): Feeds {
  const rand = rng(seed);
  const feeds: Feeds = {};
  for (const n of graph.nodes) {
    if (n.op !== "input" && n.op !== "param" && n.op !== "buffer") continue;
    const shape = n.type.shape.map((d) => (typeof d === "number" ? d : BATCH));
    const t = tensorType(n.type.dtype, shape);
    if (n.op === "buffer") feeds[n.id] = randomTensor(t, "positive", rand);
    else if (n.type.dtype === "i32") feeds[n.id] = randomTensor(t, "label", rand, ids[n.id] ?? 2);
    else {
      const r = randomTensor(t, "any", rand);
      feeds[n.id] = n.op === "param" ? tensor(r.shape, r.data.map((v) => v / 2)) : r;
    }
  }
  return feeds;
}

function lossAt(graph: Graph, loss: string, feeds: Feeds, training: boolean): number {
  return interpret(graph, feeds, { training }).get(loss)!.data[0]!;
}

/** (loss(x + eps·t) − loss(x − eps·t)) / 2eps along `dirs`. */
function directional(graph: Graph, loss: string, feeds: Feeds, dirs: Feeds, training: boolean, eps = 1e-6): number {
  const at = (s: number): number => {
    const moved: Feeds = { ...feeds };
    for (const [w, t] of Object.entries(dirs)) moved[w] = tensor(feeds[w]!.shape, feeds[w]!.data.map((v, i) => v + s * t.data[i]!));
    return lossAt(graph, loss, moved, training);
  };
  return (at(eps) - at(-eps)) / (2 * eps);
}

function check(c: BlockCase, training: boolean): void {
  const { graph, loss } = outputLoss(lowerModel(c.text).graph);
  const feeds = feedsFor(graph, c.ids ?? {}, 7);
  const wrt = graph.nodes.filter((n) => n.op === "param" || (n.op === "input" && n.type.dtype !== "i32" && !n.id.startsWith("c_"))).map((n) => n.id);
  const r = differentiate({ graph, of: loss, wrt });
  expect(r.diagnostics.filter((d) => d.code !== "E0501").map((d) => d.message)).toEqual([]);
  const values = interpret(r.graph, feeds, { training });
  const L = values.get(loss)!.data[0]!;
  expect(Number.isFinite(L)).toBe(true);
  const atol = 1e-7 * Math.max(1, Math.abs(L));
  const rand = rng(11);
  const grads: Record<string, Tensor> = {};
  for (const w of wrt) {
    const g = values.get(r.grads[w]!)!;
    grads[w] = g;
    expect(g.shape, w).toEqual(feeds[w]!.shape);
    const n = g.data.length;
    const picks = n <= FULL ? Array.from({ length: n }, (_, k) => k) : Array.from({ length: SAMPLE }, () => Math.floor(rand() * n));
    for (const k of picks) {
      const unit = tensor(g.shape);
      unit.data[k] = 1;
      const fd = directional(graph, loss, feeds, { [w]: unit }, training);
      expect(firstMismatch([g.data[k]!], [fd], 1e-6, atol), `∂loss/∂${w}[${k}] = ${g.data[k]} vs central difference ${fd}`).toBe(-1);
    }
  }
  const dirs: Feeds = Object.fromEntries(wrt.map((w) => [w, randomTensor(tensorType("f64", feeds[w]!.shape), "any", rand)]));
  const analytic = wrt.reduce((s, w) => s + dot(grads[w]!, dirs[w]!), 0);
  const numeric = directional(graph, loss, feeds, dirs, training);
  expect(firstMismatch([analytic], [numeric], 1e-6, atol), `⟨∇loss, t⟩ ${analytic} vs ${numeric}`).toBe(-1);
}

describe("gradient checks of the standard library's blocks", () => {
  it("the table has a case for every library block, and only for library blocks", () => {
    expect(Object.keys(CASES).sort()).toEqual(libraryBlocks().sort());
  });

  const rows = Object.entries(CASES).flatMap(([name, c]) => c.training.map((t) => [`${name}${c.training.length > 1 ? (t ? " (training step)" : " (evaluation)") : ""}`, c, t] as const));
  it.each(rows)("%s: explicit backward = central differences (float64)", (_n, c, training) => {
    check(c, training);
  });
});
