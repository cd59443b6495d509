/**
 * Gradient checks of the nn, conv and pool op records: each VJP rule is built into a graph, evaluated,
 * and compared with float64 central differences of the op's own evaluation along a random direction:
 *   Σ_i ⟨x̄_i, t_i⟩ = ⟨c, (f(x + εt) − f(x − εt)) / 2ε⟩ + O(ε²),
 * where x̄ = vjp(c) for a random cotangent c. A null cotangent counts as zero, so ops whose rule gives
 * an operand no gradient (maxpool2d_grad in x) are checked to be locally constant in it.
 */
import { describe, expect, it } from "vitest";
import { evalDim, isFloat, type Graph, type Node, type TensorType } from "@nnc/ir";
import { GraphBuilder, isTypeError, lookupOp, sizeOf, tensor, type OpDef, type OpSample, type Tensor } from "@nnc/ops";
import { mulberry32 } from "@nnc/ops";

const OPS_B = ["softmax", "log_softmax", "cross_entropy", "bce_with_logits", "one_hot", "conv2d", "conv2d_input_grad", "conv2d_weight_grad", "maxpool2d", "maxpool2d_grad", "maxpool2d_gather", "avgpool2d", "avgpool2d_grad"];

function def(name: string): OpDef {
  const d = lookupOp(name);
  if (d === undefined) throw new Error(`no op ${name}`);
  return d;
}

const prng = mulberry32;

/** Sample shapes with symbolic dims (the batch) bind every symbol to 3. */
const DIMS = { B: 3, N: 3 };

function concrete(t: TensorType): number[] {
  return t.shape.map((d) => {
    const v = evalDim(d, DIMS);
    if (v === undefined) throw new Error(`unbound dim in ${JSON.stringify(d)}`);
    return v;
  });
}

/** Evaluates every node of `g` in order with the op table's reference evaluations. */
function evalGraph(g: Graph, feeds: Readonly<Record<string, Tensor>>): Map<string, Tensor> {
  const values = new Map<string, Tensor>();
  for (const n of g.nodes) {
    const fed = feeds[n.id];
    if (n.op === "input") {
      if (fed === undefined) throw new Error(`no feed for ${n.id}`);
      values.set(n.id, fed);
      continue;
    }
    const inputs = n.inputs.map((i) => values.get(i)!);
    values.set(n.id, def(n.op).evaluate(inputs, { attrs: n.attrs, outShape: concrete(n.type), dims: DIMS, training: false }));
  }
  return values;
}

function randomTensor(t: TensorType, domain: OpSample["domain"] extends readonly (infer D)[] | undefined ? D : never, classes: number, rand: () => number): Tensor {
  const shape = concrete(t);
  const draw = (): number => {
    switch (domain) {
      case "label":
        return Math.floor(rand() * classes);
      case "unit":
        return rand();
      case "positive":
        return 0.1 + 2 * rand();
      case "bool":
        return rand() < 0.5 ? 0 : 1;
      default:
        return rand() * 4 - 2;
    }
  };
  return tensor(shape, Array.from({ length: sizeOf(shape) }, draw));
}

interface VjpSetup {
  readonly graph: Graph;
  readonly grads: readonly (string | null)[];
  readonly nodesBefore: number;
}

/** in0, in1, … → op → out; a cotangent input `cot`; the rule's cotangent nodes. */
function buildVjp(d: OpDef, inputs: readonly TensorType[], attrs: OpSample["attrs"], wanted?: readonly boolean[]): VjpSetup {
  const b = new GraphBuilder(lookupOp);
  const ins = inputs.map((t, i) => b.addTyped("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, t, { name: `in${i}` }));
  const out = b.add(d.name, ins, attrs, { name: "out" });
  const outType = b.type(out);
  const cot = b.addTyped("input", [], { role: "cotangent", dtype: outType.dtype, shape: outType.shape }, outType, { name: "cot" });
  const nodesBefore = b.all().length;
  const grads = d.vjp({ b, node: b.get(out), inputs: ins.map((id) => b.get(id)), cot, wanted: wanted ?? ins.map(() => true) });
  const outputs = [{ name: "out", id: out }, ...grads.flatMap((g, i) => (g === null ? [] : [{ name: `d${i}`, id: g }]))];
  return { graph: b.finish(outputs), grads, nodesBefore };
}

function dot(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return a.data.reduce((s, v, i) => s + v * b.data[i]!, 0);
}

function shifted(x: Tensor, t: Tensor, eps: number): Tensor {
  return tensor(x.shape, x.data.map((v, i) => v + eps * t.data[i]!));
}

function gradCheck(d: OpDef, sample: OpSample, seed: number): { lhs: number; rhs: number } {
  const rand = prng(seed);
  const { graph, grads } = buildVjp(d, sample.inputs, sample.attrs);
  const outNode = graph.nodes.find((n: Node) => n.id === "out")!;
  const xs = sample.inputs.map((t, i) => randomTensor(t, sample.domain?.[i] ?? "any", sample.classes ?? 2, rand));
  const c = randomTensor(outNode.type, "any", 0, rand);
  const feeds: Record<string, Tensor> = { cot: c };
  xs.forEach((x, i) => (feeds[`in${i}`] = x));
  const values = evalGraph(graph, feeds);
  const differentiable = sample.inputs.map((t, i) => isFloat(t.dtype) && sample.domain?.[i] !== "label");
  const dirs = xs.map((x, i) => (differentiable[i] ? randomTensor(sample.inputs[i]!, "any", 0, rand) : tensor(x.shape)));
  let lhs = 0;
  grads.forEach((g, i) => {
    if (g !== null && differentiable[i]) lhs += dot(values.get(g)!, dirs[i]!);
  });
  const eps = 1e-6;
  const f = (sign: number) => d.evaluate(xs.map((x, i) => shifted(x, dirs[i]!, sign * eps)), { attrs: sample.attrs, outShape: concrete(outNode.type), dims: DIMS, training: false });
  const fp = f(1);
  const fm = f(-1);
  const rhs = dot(c, tensor(fp.shape, fp.data.map((v, i) => (v - fm.data[i]!) / (2 * eps))));
  return { lhs, rhs };
}

describe("VJP rules of the nn, conv and pool ops match central differences (float64)", () => {
  for (const name of OPS_B) {
    const d = def(name);
    if (d.nonDifferentiable === true) continue;
    for (const [k, sample] of d.samples.entries()) {
      it(`${name}: ${sample.label}`, () => {
        for (const seed of [1, 2, 3]) {
          const { lhs, rhs } = gradCheck(d, sample, 1000 * k + seed);
          expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(rhs)));
        }
      });
    }
  }
});

describe("rule hygiene", () => {
  for (const name of OPS_B) {
    const d = def(name);
    it(`${name}: samples type-check; vjpDoc matches the rule; unwanted cotangents build nothing`, () => {
      expect(d.samples.length).toBeGreaterThan(0);
      expect(d.vjpDoc.length).toBe(d.arity);
      for (const s of d.samples) {
        expect(isTypeError(d.type(s.inputs, s.attrs))).toBe(false);
        const all = buildVjp(d, s.inputs, s.attrs);
        all.grads.forEach((g, i) => {
          expect(g === null).toBe(d.vjpDoc[i] === null);
        });
        const none = buildVjp(d, s.inputs, s.attrs, s.inputs.map(() => false));
        expect(none.grads.every((g) => g === null)).toBe(true);
        expect(none.graph.nodes.length).toBe(none.nodesBefore);
      }
      const names = { out: "z", ins: ["x", "k"], d: (n: string) => `d${n}`, ranks: [4, 4] };
      for (const doc of d.vjpDoc) if (doc !== null) expect(doc.formula(names)).toMatch(/^d[xk] = /);
    });
  }
});

/** Value and input cotangents of `op` applied to fed operands, the VJP evaluated as a graph. */
function valueAndGrads(name: string, inputs: readonly Tensor[], types: readonly TensorType[], cot: Tensor): { value: Tensor; grads: (Tensor | null)[] } {
  const { graph, grads } = buildVjp(def(name), types, {});
  const feeds: Record<string, Tensor> = { cot };
  inputs.forEach((x, i) => (feeds[`in${i}`] = x));
  const values = evalGraph(graph, feeds);
  return { value: values.get("out")!, grads: grads.map((g) => (g === null ? null : values.get(g)!)) };
}

describe("stability at logits [1000, 0, -1000] (OPS.md)", () => {
  const logits = tensor([3], [1000, 0, -1000]);
  it("log_softmax: value −2000 at index 2, gradient of that entry [−1, 0, 1]", () => {
    const { value, grads } = valueAndGrads("log_softmax", [logits], [{ dtype: "f64", shape: [3] }], tensor([3], [0, 0, 1]));
    expect([...value.data]).toEqual([0, -1000, -2000]);
    expect([...grads[0]!.data]).toEqual([-1, 0, 1]);
  });

  it("cross_entropy with label 2: value 2000, gradient softmax − one_hot = [1, 0, −1]; labels get none", () => {
    const types: TensorType[] = [{ dtype: "f64", shape: [1, 3] }, { dtype: "i32", shape: [1] }];
    const { value, grads } = valueAndGrads("cross_entropy", [tensor([1, 3], logits.data), tensor([1], [2])], types, tensor([1], [1]));
    expect([...value.data]).toEqual([2000]);
    expect([...grads[0]!.data]).toEqual([1, 0, -1]);
    expect(grads[1]).toBeNull();
  });

  it("bce_with_logits at z = ±1000: finite values, gradient σ(z) − t", () => {
    const types: TensorType[] = [{ dtype: "f64", shape: [3] }, { dtype: "f64", shape: [3] }];
    const { value, grads } = valueAndGrads("bce_with_logits", [logits, tensor([3], [0, 1, 1])], types, tensor([3], [1, 1, 1]));
    expect([...value.data]).toEqual([1000, Math.LN2, 1000]);
    expect([...grads[0]!.data]).toEqual([1, -0.5, -1]);
    expect([...grads[1]!.data]).toEqual([-1000, -0, 1000]);
  });
});
