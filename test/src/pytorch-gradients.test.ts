/**
 * The generated nn.Module's gradients equal nnc's (issue 13): every example with a train section and
 * 20 random models, lowered at float64. The module gets the interpreter's initial parameters and
 * buffers by state-dict key and a seeded random batch; in training mode, torch autograd's loss and
 * every parameter's gradient must equal nnc's (differentiate + interpret, training) to 1e-9 relative,
 * and the buffers after the call must equal nnc's `next` values (dropout masks: nnc's, fed in graph
 * order); in eval mode, forward's outputs must equal the interpreter's. One Python process for the suite.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { differentiate } from "@nnc/autodiff";
import { compile } from "@nnc/compiler";
import { tensorType, type Graph } from "@nnc/ir";
import { bufferUpdates, initBuffers, initParams, interpret } from "@nnc/interp";
import type { Tensor } from "@nnc/ops";
import { randomTensor, rng, type Feeds } from "./gradcheck-helpers.ts";
import { randomFeeds, randomProgram } from "./random-model-gen.ts";
import { argOf, mismatch, moduleOf, runCases, type PyCase, type PyResult } from "./pytorch-support.ts";

const EXAMPLES = new URL("../../examples/", import.meta.url);
const BATCH = 3;
const TOL = 1e-9;

interface Model {
  readonly label: string;
  readonly graph: Graph;
  readonly loss: string;
  readonly outputs: readonly string[];
  readonly trainInputs: readonly string[];
  readonly feeds: Feeds;
  readonly file: string;
  readonly text: string;
}

/** Random inputs: labels in range of the logits (or the table rows take() reads), floats in (−2, 2). */
function inputFeeds(graph: Graph, seed: number): Feeds {
  const rand = rng(seed);
  const feeds: Feeds = {};
  for (const n of graph.nodes) {
    if (n.op !== "input") continue;
    const shape = n.type.shape.map((d) => (typeof d === "number" ? d : BATCH));
    const user = graph.nodes.find((u) => u.inputs.includes(n.id));
    const first = user === undefined ? undefined : graph.nodes.find((m) => m.id === user.inputs[0]);
    const classes = user?.op === "take" && user.inputs[1] === n.id ? first?.type.shape[0] : first?.type.shape.at(-1);
    feeds[n.id] = randomTensor(tensorType(n.type.dtype, shape), n.type.dtype === "i32" ? "label" : "any", rand, typeof classes === "number" ? classes : 2);
  }
  return feeds;
}

function compiled(label: string, file: string, text: string, inputs: (g: Graph) => Feeds): Model {
  const c = compile(text, { fileName: file, dtype: "f64", generate: "none" });
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => d.message), label).toEqual([]);
  const model = c.model!;
  const graph = c.forward!;
  const train = model.train!;
  const outputs = graph.outputs.map((o) => o.name).filter((n) => n !== "loss" && n !== train.loss);
  const feeds = { ...initParams(graph, 7), ...initBuffers(graph, 7), ...inputs(graph) };
  return { label, graph, loss: train.loss, outputs, trainInputs: train.trainInputs, feeds, file, text };
}

function models(): Model[] {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".nn")).sort();
  const out: Model[] = [];
  for (const f of files) {
    const text = readFileSync(new URL(f, EXAMPLES), "utf8");
    if (!/^train /m.test(text)) continue;
    out.push(compiled(`example ${f}`, `examples/${f}`, text, (g) => inputFeeds(g, 11)));
  }
  for (let k = 0; k < 20; k++) {
    const seed = 7919 * (k + 1);
    const src = randomProgram(seed, 1 + (k % 6));
    out.push(compiled(`random model ${k} (seed ${seed})`, "random.nn", src, () => randomFeeds(src, seed)));
  }
  return out;
}

interface Expected {
  readonly loss: number;
  readonly grads: Readonly<Record<string, Tensor>>;
  readonly buffers: Readonly<Record<string, Tensor>>;
  /** The values of the dropout masks in graph order (nnc's stream), fed to the module. */
  readonly masks: readonly Tensor[];
}

const cache = new Map<Model, Expected>();

function expected(m: Model): Expected {
  const hit = cache.get(m);
  if (hit !== undefined) return hit;
  const params = m.graph.nodes.filter((n) => n.op === "param").map((n) => n.id);
  const r = differentiate({ graph: m.graph, of: m.loss, wrt: params });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const values = interpret(r.graph, m.feeds, { training: true });
  const e = {
    loss: values.get(m.loss)!.data[0]!,
    grads: Object.fromEntries(params.map((p) => [p, values.get(r.grads[p]!)!])),
    buffers: bufferUpdates(m.graph, values),
    masks: m.graph.nodes.filter((n) => n.op === "dropout_mask").map((n) => values.get(n.id)!),
  };
  cache.set(m, e);
  return e;
}

function caseOf(m: Model): PyCase {
  const mod = moduleOf(m.graph, m.outputs, { loss: m.loss, trainInputs: m.trainInputs }, m.file, m.text);
  expect(mod.unsupported.map((u) => `${u.op}: ${u.reason}`), m.label).toEqual([]);
  const state = Object.fromEntries(mod.state.map((s) => [s.id, argOf(m.feeds[s.id]!, s.dtype)]));
  const args = mod.inputs.map((i) => argOf(m.feeds[i.name]!, i.type.dtype));
  const masks = expected(m).masks.map((t) => argOf(t, "f64"));
  return { name: m.label, code: mod.program, className: mod.className, state, args, method: "forward_loss", training: true, backward: 0, masks };
}

/** forward in eval mode: the outputs (running statistics, no dropout) as the interpreter computes them. */
function evalCaseOf(m: Model): PyCase {
  const c = caseOf(m);
  const modelArgs = m.graph.nodes.filter((n) => n.op === "input" && !m.trainInputs.includes(n.id)).length;
  return { name: `${m.label} (eval)`, code: c.code, className: c.className, state: c.state, args: c.args.slice(0, modelArgs), method: "forward", training: false };
}

const all = models();
let results: PyResult[] | undefined;
const run = (): PyResult[] => (results ??= runCases([...all.map(caseOf), ...all.map(evalCaseOf)]));
const resultOf = (i: number): PyResult => run()[i]!;
const evalResultOf = (i: number): PyResult => run()[all.length + i]!;

describe("generated PyTorch modules: loss and gradients equal nnc's (float64)", { timeout: 600_000 }, () => {
  it("covers every example with a train section", () => {
    expect(all.filter((m) => m.label.startsWith("example")).length).toBeGreaterThanOrEqual(9);
  });

  it.each(all.map((m, i) => [m.label, m, i] as const))("%s", (_label, m, i) => {
    const r = resultOf(i);
    if (!r.ok) throw new Error(`${m.label}: ${r.error}`);
    const want = expected(m);
    expect(mismatch(r.results[0]!.data, [want.loss], TOL), `${m.label}: loss torch ${String(r.results[0]!.data[0])} vs nnc ${want.loss}`).toBe(-1);
    expect(Object.keys(r.paramGrads).sort()).toEqual(Object.keys(want.grads).sort());
    for (const [p, g] of Object.entries(want.grads)) {
      // torch leaves the gradient of a parameter the loss does not use at None; nnc's is zeros.
      const got = r.paramGrads[p] ?? Array.from(g.data, () => 0);
      const bad = mismatch(got, g.data, TOL);
      expect(bad, `${m.label}: ∂loss/∂${p}[${bad}] torch ${String(got[bad])} vs nnc ${g.data[bad]}`).toBe(-1);
    }
    for (const [b, v] of Object.entries(want.buffers)) {
      const bad = mismatch(r.buffers[b]!, v.data, TOL);
      expect(bad, `${m.label}: buffer ${b} after the step [${bad}]`).toBe(-1);
    }
  });

  it.each(all.map((m, i) => [m.label, m, i] as const))("%s: forward in eval mode", (_label, m, i) => {
    const r = evalResultOf(i);
    if (!r.ok) throw new Error(`${m.label}: ${r.error}`);
    const values = interpret(m.graph, m.feeds);
    m.outputs.forEach((name, k) => {
      const want = values.get(m.graph.outputs.find((o) => o.name === name)!.id)!;
      expect(r.results[k]!.shape).toEqual(want.shape);
      const bad = mismatch(r.results[k]!.data, want.data, TOL);
      expect(bad, `${m.label}: output ${name}[${bad}] torch ${String(r.results[k]!.data[bad])} vs nnc ${want.data[bad]}`).toBe(-1);
    });
  });
});
