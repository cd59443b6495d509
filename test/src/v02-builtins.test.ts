/**
 * The built-in functions of issue 12 through the compiler: forward values against known results,
 * index constants of declared dims, per-example losses (shapes, broadcasting, values), float64 gradients
 * of the composites (first order by central differences through `compile`, second order H·v), and
 * the errors. PyTorch comparisons of the same functions: v02-builtins-torch.test.ts.
 */
import { describe, expect, it } from "vitest";
import { differentiate } from "@nnc/autodiff";
import { interpret } from "@nnc/interp";
import { GraphBuilder, lookupOp, tensor, type Tensor } from "@nnc/ops";
import { firstMismatch, rng, type Feeds } from "./gradcheck-helpers.ts";
import { compareWithInterpreter } from "./codegen/test-harness.ts";
import { gradcheckModel } from "./v02-models-harness.ts";
import { diagnosticsOf, evalOutput, generatedOutputs, lowerModel, outputId } from "./v02-builtins-support.ts";

const vec = (data: readonly number[]): Tensor => tensor([data.length], data);

/** y = f(x) of a vector x, evaluated by the interpreter and by the generated code. */
function apply(call: string, xs: readonly number[]): { interp: number[]; generated: number[] } {
  const n = xs.length;
  const m = lowerModel(`model M(x: f32[${n}]) -> (y: f32[${n}]) {\n  y = ${call}\n}`);
  const feeds = { x: vec(xs) };
  return { interp: Array.from(evalOutput(m, feeds, "y").data), generated: Array.from(generatedOutputs(m, feeds)["y"]!) };
}

describe("activations and special functions: known values", () => {
  it("erf(0.5), gelu(1), gelu_tanh(1) (PyTorch's values), silu, elu, rsqrt, sin, cos", () => {
    const cases: [string, number, number][] = [
      ["erf(x)", 0.5, 0.5204998778130465],
      ["gelu(x)", 1, 0.8413447460685429],
      ["gelu_tanh(x)", 1, 0.8411919906082768],
      ["silu(x)", 2, 2 / (1 + Math.exp(-2))],
      ["elu(x)", -1, Math.expm1(-1)],
      ["elu(x, alpha = 0.5)", 3, 3],
      ["rsqrt(x)", 4, 0.5],
      ["sin(x)", Math.PI / 6, Math.sin(Math.PI / 6)],
      ["cos(x)", 0, 1],
    ];
    for (const [call, x, want] of cases) {
      const r = apply(call, [x]);
      expect(r.interp[0], call).toBeCloseTo(want, 15);
      expect(r.generated[0], `${call} (generated)`).toBeCloseTo(want, 15);
    }
  });

  it("erf in the generated code equals the reference on every branch, far tails and ±0 included", () => {
    const xs = [-30, -9, -5.5, -4, -2.2, -0.46875, -1e-9, -0, 0, 3e-7, 0.3, 0.47, 1.1, 3.99, 4.01, 7, 27];
    const r = apply("erf(x)", xs);
    expect(r.generated).toEqual(r.interp);
    expect(r.interp[0]).toBe(-1);
    expect(Object.is(r.generated[7], -0)).toBe(true);
  });
});

describe("arange, tril, triu", () => {
  const TEXT = `dim T
model M(s: f32[T, T]) -> (pos: f32[T], causal: f32[T, T], upper: f32[T, T]) {
  pos = float(arange(T))
  causal = where(tril(T), s, -1e9)
  upper = float(triu(T, k = 1))
}`;

  it("are sized by a declared dim at run time: positions and the causal mask", () => {
    const m = lowerModel(TEXT);
    const s = tensor([3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const values = interpret(m.graph, { s });
    const out = (name: string): number[] => Array.from(values.get(outputId(m, name))!.data);
    expect(out("pos")).toEqual([0, 1, 2]);
    expect(out("causal")).toEqual([1, -1e9, -1e9, 4, 5, -1e9, 7, 8, 9]);
    expect(out("upper")).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0]);
    expect(m.graph.nodes.find((n) => n.op === "arange")!.type.dtype).toBe("i32");
  });

  it("arange(T) indexes a positional embedding: take(P, arange(T)) trains P's first T rows (f64 gradients)", () => {
    const text = `dim B
dim T
model M(x: f32[B, T, 2]) -> (y: f32[B, T, 2]) {
  param P: f32[5, 2] = normal(std = 1)
  y = tanh(x + take(P, arange(T)))
}
train M {
  input t: f32[B, T, 2]
  loss = mean(mse(y, t))
  optimizer = sgd(lr = 0.1)
}
`;
    const r = gradcheckModel(text, "pos.nn", { batch: 2, seed: 4, training: true, perParam: 10 });
    expect(r.params).toEqual(["P"]);
  });

  it("reject a size that is not a whole number ≥ 1 and a tensor size", () => {
    const check = (call: string) => diagnosticsOf(`model M(x: f32[3]) -> (y: f32[3]) {\n  z = ${call}\n  y = x\n}`);
    for (const call of ["arange(2.5)", "tril(0)", "triu(x)"]) {
      const d = check(call);
      expect(d.map((x) => x.code), call).toEqual(["E0203"]);
      expect(d[0]!.message, call).toContain("a positive whole number or a dim");
    }
  });
});

describe("per-example losses", () => {
  const TEXT = `dim B
model M(a: f32[B, 4], b: f32[B, 4], w: f32[4], p: f32[B, 4], t: f32[B, 4], s: f32, r: f32) -> (
    mse_: f32[B], mse_bcast: f32[B], huber_: f32[B], bce_: f32[B], kl: f32[B], scalar: f32) {
  mse_ = mse(a, b)
  mse_bcast = mse(a, w)
  huber_ = huber(a, b, delta = 0.5)
  bce_ = bce(p, t)
  kl = kl_div(log_softmax(a), softmax(b))
  scalar = mse(s, r)
}`;
  const a = [[0.5, -1, 2, 0], [1, 1, 1, 1]];
  const b = [[0.5, 0, 1, 0.2], [0, 2, 1, -1]];
  const p = [[0.1, 0.9, 0.5, 0.3], [0.2, 0.2, 0.7, 0.99]];
  const t = [[0, 1, 1, 0], [1, 0, 0.5, 1]];
  const w = [1, 0, -1, 0.5];
  const feeds: Feeds = { a: tensor([2, 4], a.flat()), b: tensor([2, 4], b.flat()), w: vec(w), p: tensor([2, 4], p.flat()), t: tensor([2, 4], t.flat()), s: tensor([], [3]), r: tensor([], [1]) };
  const mean = (row: readonly number[]) => row.reduce((x, y) => x + y, 0) / row.length;
  const huber1 = (d: number, delta: number) => (Math.abs(d) <= delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta));
  const softmax = (row: readonly number[]) => {
    const e = row.map(Math.exp);
    const z = e.reduce((x, y) => x + y, 0);
    return e.map((v) => v / z);
  };

  it("reduce the last axis of their (broadcast) operands; a scalar pair is not reduced", () => {
    const m = lowerModel(TEXT);
    const values = interpret(m.graph, feeds);
    const out = (name: string): number[] => Array.from(values.get(outputId(m, name))!.data);
    const close = (got: number[], want: number[]): void => {
      expect(firstMismatch(got, want, 1e-14, 1e-15)).toBe(-1);
    };
    close(out("mse_"), a.map((row, i) => mean(row.map((v, j) => (v - b[i]![j]!) ** 2))));
    close(out("mse_bcast"), a.map((row) => mean(row.map((v, j) => (v - w[j]!) ** 2))));
    close(out("huber_"), a.map((row, i) => mean(row.map((v, j) => huber1(v - b[i]![j]!, 0.5)))));
    close(out("bce_"), p.map((row, i) => mean(row.map((q, j) => -(t[i]![j]! * Math.log(q) + (1 - t[i]![j]!) * Math.log(1 - q))))));
    close(
      out("kl"),
      a.map((row, i) => {
        const q = softmax(b[i]!);
        const logp = softmax(row).map(Math.log);
        return q.reduce((s, qj, j) => s + qj * (Math.log(qj) - logp[j]!), 0);
      }),
    );
    expect(out("scalar")).toEqual([4]);
  });

  it("kl_div: terms with q = 0 are 0, with finite gradients; bce clamps its logs at −100 (p = 0 or 1)", () => {
    const m = lowerModel(`model M(lp: f32[3], q: f32[3], p: f32[2], t: f32[2]) -> (kl: f32, b: f32) {\n  kl = kl_div(lp, q)\n  b = bce(p, t)\n}`);
    const f: Feeds = { lp: vec([-1, -2, -0.5]), q: vec([0, 0.5, 0.5]), p: vec([0, 1]), t: vec([1, 1]) };
    expect(evalOutput(m, f, "kl").data[0]).toBeCloseTo(0.5 * (Math.log(0.5) + 2) + 0.5 * (Math.log(0.5) + 0.5), 15);
    expect(evalOutput(m, f, "b").data[0]).toBe(50);
    // p = 0 and p = 1 exactly: finite gradients (each log is taken of a positive number only).
    const db = differentiate({ graph: m.graph, of: outputId(m, "b"), wrt: ["p"] });
    expect(Array.from(interpret(db.graph, f).get(db.grads["p"]!)!.data)).toEqual([0, -0.5]);
    const d = differentiate({ graph: m.graph, of: outputId(m, "kl"), wrt: ["lp", "q"] });
    const g = interpret(d.graph, f);
    expect(Array.from(g.get(d.grads["lp"]!)!.data)).toEqual([-0, -0.5, -0.5]);
    expect(Array.from(g.get(d.grads["q"]!)!.data).every(Number.isFinite)).toBe(true);
  });

  it("report non-float operands, shapes that do not broadcast and a delta ≤ 0", () => {
    const check = (decl: string, call: string) => diagnosticsOf(`model M(${decl}) -> (y: f32[2]) {\n  y = ${call}\n}`).map((d) => d.code);
    expect(check("a: i32[2, 3], b: i32[2, 3]", "mse(a, b)")).toEqual(["E0201"]);
    expect(check("a: f32[2, 3], b: f32[2, 4]", "mse(a, b)")).toEqual(["E0301"]);
    expect(check("a: f32[2, 3], b: f32[2, 3]", "huber(a, b, delta = 0)")).toEqual(["E0206"]);
  });
});

describe("cross_entropy over logits of any rank", () => {
  it("accepts f32[B, T, C] logits with i32[B, T] labels (a sequence model's loss) and checks the label shape", () => {
    const m = lowerModel(`dim B\ndim T\nmodel M(l: f32[B, T, 3], y: i32[B, T]) -> (ce: f32[B, T]) {\n  ce = cross_entropy(l, y)\n}`);
    const l = tensor([1, 2, 3], [0, 1, 2, 3, 0, -1]);
    const ce = Array.from(evalOutput(m, { l, y: tensor([1, 2], [2, 0]) }, "ce").data);
    const lse = (r: number[]) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0));
    expect(firstMismatch(ce, [lse([0, 1, 2]) - 2, lse([3, 0, -1]) - 3], 1e-14, 1e-15)).toBe(-1);
    const bad = diagnosticsOf(`dim B\ndim T\nmodel M(l: f32[B, T, 3], y: i32[B]) -> (ce: f32[B]) {\n  ce = cross_entropy(l, y)\n}`);
    expect(bad.map((d) => d.code)).toEqual(["E0301"]);
  });
});

const MODEL = `dim B
model M(x: f32[B, 3], lab: i32[B, 2]) -> (y: f32[B, 4]) {
  param W: f32[3, 4] = normal(std = 0.7)
  param V: f32[4, 4] = normal(std = 0.7)
  h = x @ W
  a = gelu(h) + gelu_tanh(h) * silu(h) + elu(h, alpha = 0.7) + erf(h) * sin(h) + cos(h) + rsqrt(h * h + 0.5)
  y = a @ V
}
train M {
  input t: f32[B, 4]
  input p: f32[B, 4]
  loss = mean(mse(y, t) + huber(y, t, delta = 0.3) + bce(sigmoid(y), p) + kl_div(log_softmax(y), softmax(t))) + mean(cross_entropy(reshape(y, [B, 2, 2]), lab))
  optimizer = sgd(lr = 0.1)
}
`;

describe("float64 gradients of the composites through the compiler", () => {
  it("first order: every parameter against central differences (and the optimized graph agrees)", () => {
    const r = gradcheckModel(MODEL, "b.nn", { batch: 3, seed: 12, training: true, perParam: 10, classes: { lab: 2 } });
    expect(r.params).toEqual(["W", "V"]);
    expect(r.compared).toBe(20);
  });

  it("the generated training step computes the same loss and gradients as the interpreter (f64)", () => {
    const m = lowerModel(MODEL);
    const grad = differentiate({ graph: m.graph, of: m.train!.loss, wrt: ["W", "V"] });
    const r = compareWithInterpreter(m, grad, { dtype: "f64", rows: 3, seed: 5, domains: { lab: "label" }, classes: 2 });
    expect(r.compared).toEqual(["loss", "dW", "dV", "y"]);
    expect(r.maxError, r.worst).toBeLessThan(1e-12);
  });

  it("second order: H·v of the composite activations and losses matches central differences of the gradient", () => {
    const m = lowerModel(`model M(x: f32[2, 5], t: f32[2, 5]) -> (s: f32) {
  a = gelu(x) + gelu_tanh(x) + silu(x) * elu(x, alpha = 0.4) + rsqrt(x * x + 1)
  s = sum(mse(a, t) + huber(a, t, delta = 0.6) + kl_div(log_softmax(a), softmax(t)) + bce(sigmoid(a), sigmoid(t)))
}`);
    const loss = outputId(m, "s");
    const first = differentiate({ graph: m.graph, of: loss, wrt: ["x"] });
    const b = GraphBuilder.from(lookupOp, first.graph);
    const v = b.add("input", [], { role: "model", dtype: "f64", shape: [2, 5] }, { name: "v" });
    const gv = b.add("reduce_sum", [b.add("mul", [first.grads["x"]!, v])], { axes: [0, 1], keepdims: false });
    const second = differentiate({ graph: b.finish([]), of: gv, wrt: ["x"] });
    const rand = rng(3);
    const draw = () => tensor([2, 5], Array.from({ length: 10 }, () => 2 * rand() - 1));
    const [x, t, dir] = [draw(), draw(), draw()];
    const hv = Array.from(interpret(second.graph, { x, t, v: dir }).get(second.grads["x"]!)!.data);
    const eps = 1e-5;
    const gradAt = (s: number): Float64Array | number[] => {
      const moved = tensor([2, 5], x.data.map((xi, k) => xi + s * dir.data[k]!));
      return Array.from(interpret(first.graph, { x: moved, t }).get(first.grads["x"]!)!.data);
    };
    const [plus, minus] = [gradAt(eps), gradAt(-eps)];
    const fd = Array.from(plus, (p, k) => (p - minus[k]!) / (2 * eps));
    expect(firstMismatch(hv, fd, 1e-6, 1e-7)).toBe(-1);
  });
});
