/**
 * Gradient checks of the VJP rules of the core op groups, applied directly (without the autodiff
 * pass): for each sample, ⟨c, op(x)⟩'s central finite differences in float64 must equal the VJP
 * graph's cotangents, elementwise.
 */
import { describe, expect, it } from "vitest";
import { isFloat } from "@nnc/ir";
import { lookupOp, tensor, type Tensor } from "@nnc/ops";
import { interpret } from "./interpret.ts";
import { buildVjp, randomIn, seeded } from "./vjp-test-util.ts";

const CORE_OPS = [
  "neg", "exp", "log", "sqrt", "abs", "sign", "relu", "leaky_relu", "sigmoid", "tanh", "softplus", "stop_gradient",
  "add", "sub", "mul", "div", "pow", "maximum", "minimum", "lt", "le", "gt", "ge", "eq", "ne", "where", "cast",
  "broadcast", "reshape", "transpose", "concat", "slice",
  "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "logsumexp",
  "matmul", "outer",
];

function dot(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

describe.each(CORE_OPS)("VJP of %s", (op) => {
  const def = lookupOp(op)!;
  it.each(def.samples.map((s) => [s.label, s] as const))("matches finite differences: %s", (_label, sample) => {
    const rand = seeded(op.length * 7919 + sample.label.length);
    const g = buildVjp(op, sample.inputs, sample.attrs);
    const xs = sample.inputs.map((t, i) => randomIn(t.shape.map(Number), sample.domain?.[i] ?? "any", rand, sample.classes));
    const outNode = g.graph.nodes.find((n) => n.id === g.out)!;
    const c = randomIn(outNode.type.shape.map(Number), isFloat(outNode.type.dtype) ? "any" : "bool", rand);
    const feeds = Object.fromEntries([...g.inputs.map((id, i) => [id, xs[i]!] as const), [g.cot, c] as const]);
    const values = interpret(g.graph, feeds);
    const f = (ins: Tensor[]): number => dot(c, def.evaluate(ins, { attrs: sample.attrs, outShape: c.shape, dims: {}, training: false }));
    sample.inputs.forEach((t, i) => {
      const gid = g.grads[i];
      if (!isFloat(t.dtype) || def.nonDifferentiable === true || op === "stop_gradient") {
        expect(gid ?? null).toBeNull();
        return;
      }
      expect(gid).toBeTypeOf("string");
      const got = values.get(gid!)!;
      expect(got.shape).toEqual(xs[i]!.shape);
      const eps = 1e-6;
      for (let j = 0; j < xs[i]!.data.length; j++) {
        const plus = xs.map((x, k) => (k === i ? tensor(x.shape, x.data) : x));
        const minus = xs.map((x, k) => (k === i ? tensor(x.shape, x.data) : x));
        plus[i]!.data[j]! += eps;
        minus[i]!.data[j]! -= eps;
        const fd = (f(plus) - f(minus)) / (2 * eps);
        expect(Math.abs(got.data[j]! - fd)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd)));
      }
    });
  });
});
