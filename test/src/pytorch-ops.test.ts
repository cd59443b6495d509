/**
 * Every op's PyTorch rule, from the op table's own samples: the op alone in a generated module
 * (forward(x0…, c) → (z, Σ c ⊙ z)), run by torch in float64 in ONE Python process. z must equal the
 * record's evaluate (through the interpreter) to 1e-10, and torch autograd's gradient of Σ c ⊙ z
 * must equal nnc's VJP (differentiate + interpret) to 1e-10, for every operand with a gradient;
 * operands without one (labels, stop_gradient, maxpool2d_grad's x) get none or zeros from torch.
 */
import { describe, expect, it } from "vitest";
import { dimSymbols, isFloat, tensorType, type Graph, type ParamInit } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import { allOps, GraphBuilder, lookupOp, tensor, type Tensor } from "@nnc/ops";
import { PY_OPS } from "@nnc/codegen-pytorch";
import { analyticGrads, opProblem, type Feeds } from "./gradcheck-helpers.ts";
import { argOf, mismatch, moduleOf, num, runCases, type PyCase, type PyResult } from "./pytorch-support.ts";

const TOL = 1e-10;

interface Check {
  readonly label: string;
  readonly graph: Graph;
  readonly feeds: Feeds;
  readonly wrt: readonly string[];
  readonly training: boolean;
  /** The values forward must return, in order (z, then the loss when there is one). */
  readonly expected: readonly Tensor[];
  readonly grads: Readonly<Record<string, Tensor>>;
  readonly hasLoss: boolean;
}

function withDims(g: Graph): Graph {
  const dims = [...new Set(g.nodes.flatMap((n) => n.type.shape.flatMap(dimSymbols)))];
  return { ...g, dims };
}

function opChecks(): Check[] {
  const out: Check[] = [];
  for (const def of allOps()) {
    def.samples.forEach((s, i) => {
      const p = opProblem(def, s, 4000 + 31 * i + def.name.length);
      const hasLoss = p.graph.outputs.length > 0;
      const graph = withDims({ ...p.graph, outputs: [{ name: "z", id: "z" }, ...p.graph.outputs] });
      const values = interpret(graph, p.feeds);
      const wrt = def.nonDifferentiable === true || !hasLoss ? [] : p.wrt;
      const grads = wrt.length === 0 ? {} : analyticGrads(graph, p.graph.outputs[0]!.id, wrt, p.feeds);
      out.push({ label: `${def.name} ${s.label}`, graph, feeds: p.feeds, wrt, training: false, expected: graph.outputs.map((o) => values.get(o.id)!), grads, hasLoss });
    });
  }
  return out;
}

/** Sources without samples in the op table: const, dimsize, training. */
function sourceChecks(): Check[] {
  const make = (label: string, build: (b: GraphBuilder) => string, feeds: Feeds, training: boolean, expected: Tensor): Check => {
    const b = new GraphBuilder(lookupOp);
    const z = build(b);
    const graph = withDims(b.finish([{ name: "z", id: z }]));
    return { label, graph, feeds, wrt: [], training, expected: [expected], grads: {}, hasLoss: false };
  };
  const x = tensor([3, 2], [1, 2, 3, 4, 5, 6]);
  const B = { terms: [{ coef: 1, syms: ["B"] }] };
  const V = { terms: [{ coef: 1, syms: ["V"] }] };
  return [
    make("const f64 [2,3]", (b) => b.add("const", [], { value: 0.25, dtype: "f64", shape: [2, 3] }), {}, false, tensor([2, 3], new Array<number>(6).fill(0.25))),
    make("const i32 scalar", (b) => b.add("const", [], { value: -7, dtype: "i32", shape: [] }), {}, false, tensor([], [-7])),
    make("const bool [B] (B from x)", (b) => {
      b.add("input", [], { role: "model", dtype: "f64", shape: [B, 2] }, { name: "x" });
      return b.add("const", [], { value: 1, dtype: "bool", shape: [B] });
    }, { x }, false, tensor([3], [1, 1, 1])),
    make("dimsize B·2", (b) => {
      b.add("input", [], { role: "model", dtype: "f64", shape: [B, 2] }, { name: "x" });
      return b.add("dimsize", [], { dims: [B, 2], dtype: "f64" });
    }, { x }, false, tensor([], [6])),
    // The class count may be a dim (`one_hot(ids, V)`): the module reads it from an input's shape.
    make("one_hot classes V (V from x)", (b) => {
      b.add("input", [], { role: "model", dtype: "f64", shape: [B, V] }, { name: "x" });
      const ids = b.add("input", [], { role: "model", dtype: "i32", shape: [B] }, { name: "ids" });
      return b.add("one_hot", [ids], { classes: V, dtype: "f64" });
    }, { x, ids: tensor([3], [1, 0, 1]) }, false, tensor([3, 2], [0, 1, 1, 0, 0, 1])),
    make("training (eval)", (b) => b.add("training", []), {}, false, tensor([], [0])),
    make("training (train)", (b) => b.add("training", []), {}, true, tensor([], [1])),
    make("dropout_mask (eval) is ones", (b) => b.add("dropout_mask", [], { p: 0.5, seed: 3, dtype: "f64", shape: [4, 5] }), {}, false, tensor([4, 5], new Array<number>(20).fill(1))),
  ];
}

/**
 * Where the derivative has a kink or a tie, nnc's rules pick a side: relu'(0) = 0, |x|'(0) = 0,
 * maximum/minimum split ½/½, reduce_max/min share among tied extrema, maxpool routes to the first
 * maximum of a window. Inputs built to sit exactly there; torch must pick the same.
 */
function kinkChecks(): Check[] {
  const t = (shape: number[], data: number[]): Tensor => tensor(shape, data);
  const cases: { label: string; op: string; attrs: Record<string, unknown>; ins: Tensor[] }[] = [
    { label: "relu at 0", op: "relu", attrs: {}, ins: [t([4], [0, -1, 0, 2])] },
    { label: "leaky_relu at 0", op: "leaky_relu", attrs: { alpha: 0.1 }, ins: [t([3], [0, -1, 2])] },
    { label: "abs at 0", op: "abs", attrs: {}, ins: [t([3], [0, -1, 2])] },
    { label: "maximum ties", op: "maximum", attrs: {}, ins: [t([4], [1, 2, 3, -1]), t([4], [1, 5, 3, -2])] },
    { label: "minimum ties", op: "minimum", attrs: {}, ins: [t([4], [1, 2, 3, -1]), t([4], [1, 5, 3, -2])] },
    { label: "reduce_max ties", op: "reduce_max", attrs: { axes: [1], keepdims: false }, ins: [t([2, 3], [1, 3, 3, 2, 2, 2])] },
    { label: "reduce_min ties", op: "reduce_min", attrs: { axes: [0, 1], keepdims: true }, ins: [t([2, 2], [0, 4, 0, 0])] },
    { label: "maxpool2d ties go to the first", op: "maxpool2d", attrs: { size: 2, stride: 2 }, ins: [t([1, 1, 2, 4], [1, 1, 0, 2, 1, 0, 2, 2])] },
    { label: "maxpool2d overlapping windows", op: "maxpool2d", attrs: { size: 2, stride: 1 }, ins: [t([1, 1, 3, 3], [5, 5, 1, 5, 5, 1, 0, 0, 0])] },
  ];
  return cases.map(({ label, op, attrs, ins }) => {
    const b = new GraphBuilder(lookupOp);
    const ids = ins.map((x, i) => b.add("input", [], { role: "model", dtype: "f64", shape: x.shape }, { name: `x${i}` }));
    const z = b.add(op, ids, attrs as Record<string, number>, { name: "z" });
    const zt = b.type(z);
    const c = b.add("input", [], { role: "model", dtype: "f64", shape: zt.shape }, { name: "c" });
    const prod = b.add("mul", [c, z]);
    const loss = b.add("reduce_sum", [prod], { axes: zt.shape.map((_, i) => i), keepdims: false });
    const graph = withDims(b.finish([{ name: "z", id: z }, { name: "loss", id: loss }]));
    const feeds: Feeds = Object.fromEntries(ids.map((id, i) => [id, ins[i]!]));
    feeds[c] = tensor(zt.shape as number[], Array.from({ length: zt.shape.reduce<number>((p, d) => p * (d as number), 1) }, (_, i) => 1 + 0.5 * i));
    const values = interpret(graph, feeds);
    return { label, graph, feeds, wrt: ids, training: false, expected: [values.get(z)!, values.get(loss)!], grads: analyticGrads(graph, loss, ids, feeds), hasLoss: true };
  });
}

/**
 * Names no Python identifier or attribute path can carry as they are (keywords, builtins,
 * nn.Module's own attributes, numeric segments, quotes, newlines) and a hostile model name, file name
 * and source text: the module must still be valid Python, compute the same values and keep every
 * state-dict key equal to nnc's id.
 */
function namesCheck(): Check & { modelName: string; file: string; text: string } {
  const b = new GraphBuilder(lookupOp, 'my "model"\n');
  const B = { terms: [{ coef: 1, syms: ["B"] }] };
  const span = { file: "x", start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 };
  const x = b.add("input", [], { role: "model", dtype: "f64", shape: [B, 2] }, { name: "lambda", span });
  const ids = ["class", "self.float", "a.0.b", 'q"u\\o\nte', "forward", "train.eval"];
  const params = ids.map((id, i) => {
    const p = b.add(i % 2 === 0 ? "param" : "buffer", [], { dtype: "f64", shape: [2] }, { name: id });
    b.setInit(p, { kind: "values", values: [i + 1, -i - 0.5] });
    return p;
  });
  let acc = x;
  for (const p of params) acc = b.add("add", [acc, b.add("broadcast", [p], { shape: [B, 2] })], {}, { name: "return", span: { ...span, line: 2 } });
  const out = b.add("mul", [acc, acc], {}, { name: "def" });
  const graph = withDims(b.finish([{ name: "return", id: acc }, { name: "def", id: out }]));
  const feeds: Feeds = { [x]: tensor([3, 2], [1, 2, 3, 4, 5, 6]) };
  params.forEach((p, i) => (feeds[p] = tensor([2], [i + 1, -i - 0.5])));
  const values = interpret(graph, feeds);
  return {
    label: "hostile names and text",
    graph,
    feeds,
    wrt: [],
    training: false,
    expected: graph.outputs.map((o) => values.get(o.id)!),
    grads: {},
    hasLoss: false,
    modelName: 'my "model"\n',
    file: 'dir/we"ird\\\nfile """.nn',
    text: 'first line \r\u2028 """ \\x\n\u0000second """ line',
  };
}

function caseOf(c: Check): PyCase {
  const outputs = c.graph.outputs.map((o) => o.name);
  const m = c === names ? moduleOf(c.graph, outputs, undefined, names.file, names.text) : moduleOf(c.graph, outputs);
  expect(m.unsupported.map((u) => `${u.op}: ${u.reason}`), c.label).toEqual([]);
  const node = (id: string) => c.graph.nodes.find((n) => n.id === id)!;
  const args = m.inputs.map((i) => {
    const n = node(i.name);
    return argOf(c.feeds[i.name]!, n.type.dtype, isFloat(n.type.dtype));
  });
  const state = Object.fromEntries(m.state.map((e) => [e.id, argOf(c.feeds[e.id]!, e.dtype)]));
  return { name: c.label, code: m.program, className: m.className, state, args, method: "forward", training: c.training, ...(c.hasLoss ? { backward: 1 } : {}) };
}

const names = namesCheck();
const checks = [...opChecks(), ...sourceChecks(), ...kinkChecks(), names];
let results: PyResult[] | undefined;
const resultOf = (i: number): PyResult => (results ??= runCases(checks.map(caseOf)))[i]!;

describe("PyTorch op rules vs the op table (float64, one Python process)", { timeout: 300_000 }, () => {
  it("every op has a rule, none a placeholder", () => {
    const missing = allOps().filter((d) => !(d.name in PY_OPS) || "unsupported" in (PY_OPS as Record<string, object>)[d.name]!);
    expect(missing.map((d) => d.name)).toEqual([]);
  });

  it.each(checks.map((c, i) => [c.label, c, i] as const))("%s", (_label, c, i) => {
    const r = resultOf(i);
    if (!r.ok) throw new Error(`${c.label}: ${r.error}`);
    c.expected.forEach((e, k) => {
      const got = r.results[k]!;
      expect(got.shape, `${c.label}: shape of result ${k}`).toEqual(e.shape);
      const bad = mismatch(got.data, e.data, TOL);
      expect(bad, `${c.label}: result ${k} element ${bad}: torch ${String(got.data[bad])} vs nnc ${e.data[bad]}`).toBe(-1);
    });
    const ins = c.graph.nodes.filter((n) => n.op === "input");
    ins.forEach((n, k) => {
      const g = r.argGrads[k] ?? null;
      const want = c.grads[n.id];
      if (want !== undefined) {
        expect(g, `${c.label}: torch gave ${n.id} no gradient`).not.toBeNull();
        const bad = mismatch(g!, want.data, TOL);
        expect(bad, `${c.label}: ∂/∂${n.id}[${bad}]: torch ${String(g![bad])} vs nnc ${want.data[bad]}`).toBe(-1);
      } else if (g !== null && n.id !== "c") {
        expect(g.every((v) => num(v) === 0), `${c.label}: ${n.id} has no gradient in nnc but torch gives one`).toBe(true);
      }
    });
  });
});

describe("hostile names", () => {
  it("keeps every state-dict key equal to nnc's id", () => {
    const r = resultOf(checks.indexOf(names));
    if (!r.ok) throw new Error(r.error);
    const ids = names.graph.nodes.filter((n) => n.op === "param" || n.op === "buffer").map((n) => n.id);
    expect([...r.stateKeys].sort()).toEqual([...ids].sort());
  });
  it("reports a state name torch cannot hold", () => {
    const b = new GraphBuilder(lookupOp);
    b.add("param", [], { dtype: "f64", shape: [2] }, { name: "h.training" });
    const m = moduleOf(b.finish([]), []);
    expect(m.unsupported.map((u) => ({ kind: u.kind, name: u.name, reason: u.reason }))).toEqual([{ kind: "name", name: "training", reason: expect.stringContaining("reserves the name `training`") as unknown }]);
  });
});

describe("initializers", () => {
  it("draw nnc's distributions with nnc's fans (torch's RNG, so statistics, not numbers)", () => {
    const b = new GraphBuilder(lookupOp);
    const inits: [string, number[], ParamInit][] = [
      ["zeros", [3], { kind: "zeros" }],
      ["ones", [3], { kind: "ones" }],
      ["constant", [2, 2], { kind: "constant", value: -0.25 }],
      ["values", [2, 2], { kind: "values", values: [1, 2, 3, 4.5] }],
      ["glorot_uniform", [200, 100], { kind: "glorot_uniform" }],
      ["glorot_normal", [200, 100], { kind: "glorot_normal" }],
      ["he_uniform", [200, 100], { kind: "he_uniform" }],
      ["he_normal", [40, 3, 5, 5], { kind: "he_normal" }],
      ["normal", [20000], { kind: "normal", mean: 1.5, std: 0.2 }],
      ["uniform", [20000], { kind: "uniform", low: -3, high: -1 }],
    ];
    for (const [id, shape, init] of inits) {
      b.add("param", [], { dtype: "f64", shape }, { name: id });
      b.setInit(id, init);
    }
    const m = moduleOf(b.finish([]), []);
    const [r] = runCases([{ name: "inits", code: m.program, className: m.className, state: null, args: [], method: "forward", training: false, dumpState: true, seed: 5 }]);
    if (!r!.ok) throw new Error(r!.error);
    const v = (id: string): number[] => r!.state![id]!.map(num);
    const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
    const std = (xs: number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
    expect(v("zeros")).toEqual([0, 0, 0]);
    expect(v("ones")).toEqual([1, 1, 1]);
    expect(v("constant")).toEqual([-0.25, -0.25, -0.25, -0.25]);
    expect(v("values")).toEqual([1, 2, 3, 4.5]);
    // U(−a, a) has standard deviation a/√3; N(0, σ²) has σ. Fans: [200, 100] → 200 in, 100 out; [40, 3, 5, 5] → 75 in.
    const uniform = (id: string, a: number): void => {
      const xs = v(id);
      expect(Math.max(...xs.map(Math.abs))).toBeLessThanOrEqual(a);
      expect(Math.abs(std(xs) - a / Math.sqrt(3))).toBeLessThan(0.03 * a);
    };
    uniform("glorot_uniform", Math.sqrt(6 / 300));
    uniform("he_uniform", Math.sqrt(6 / 200));
    expect(Math.abs(std(v("glorot_normal")) / Math.sqrt(2 / 300) - 1)).toBeLessThan(0.03);
    expect(Math.abs(std(v("he_normal")) / Math.sqrt(2 / 75) - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean(v("normal")) - 1.5)).toBeLessThan(0.01);
    expect(Math.abs(std(v("normal")) - 0.2)).toBeLessThan(0.01);
    expect(v("uniform").every((x) => x >= -3 && x < -1)).toBe(true);
    expect(Math.abs(mean(v("uniform")) + 2)).toBeLessThan(0.02);
  });
});

describe("dropout in training mode", () => {
  it("draws 0 or 1/(1 − p), about a fraction p of zeros", () => {
    const b = new GraphBuilder(lookupOp);
    const z = b.add("dropout_mask", [], { p: 0.25, seed: 1, dtype: "f64", shape: [40, 50] });
    const m = moduleOf(withDims(b.finish([{ name: "z", id: z }])), ["z"]);
    const [r] = runCases([{ name: "dropout", code: m.program, className: m.className, state: {}, args: [], method: "forward", training: true, seed: 7 }]);
    if (!r!.ok) throw new Error(r!.error);
    const data = r!.results[0]!.data.map(num);
    expect(data.every((v) => v === 0 || v === 1 / 0.75)).toBe(true);
    const zeros = data.filter((v) => v === 0).length / data.length;
    expect(Math.abs(zeros - 0.25)).toBeLessThan(0.05);
    expect(tensorType("f64", [40, 50]).shape).toEqual(r!.results[0]!.shape);
  });
});
