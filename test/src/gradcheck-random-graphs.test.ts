/**
 * Random well-typed graphs (fast-check, seeded): chains of unary and binary ops over a few parameters,
 * with values reused freely — so fan-out (the same value feeding several nodes, or one node twice)
 * is common. The gradients of loss = Σ c ⊙ last + Σ other must match central differences.
 */
import { describe, it } from "vitest";
import fc from "fast-check";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { tensorType } from "@nnc/ir";
import { checkProblem, randomTensor, rng, type Feeds } from "./gradcheck-helpers.ts";

const UNARY = ["tanh", "sigmoid", "neg", "softplus", "rowsum"] as const;
const BINARY = ["add", "sub", "mul"] as const;

type Step = { readonly op: (typeof UNARY)[number] | (typeof BINARY)[number]; readonly a: number; readonly b: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom(...UNARY, ...BINARY),
  a: fc.nat(),
  b: fc.nat(),
});

const PARAMS = 3;
const SHAPE = [2, 3];

function build(steps: readonly Step[], other: number, seed: number) {
  const b = new GraphBuilder(lookupOp);
  const rand = rng(seed);
  const feeds: Feeds = {};
  const values: string[] = [];
  for (let i = 0; i < PARAMS; i++) {
    const id = b.add("param", [], { dtype: "f64", shape: SHAPE }, { name: `p${i}` });
    feeds[id] = randomTensor(tensorType("f64", SHAPE), "any", rand);
    values.push(id);
  }
  for (const s of steps) {
    const x = values[s.a % values.length]!;
    const y = values[s.b % values.length]!;
    let v: string;
    if (s.op === "rowsum") {
      // Σ over each row, broadcast back: exercises reduce_sum/broadcast transposes inside a chain.
      v = b.add("broadcast", [b.add("reduce_sum", [x], { axes: [1], keepdims: true })], { shape: SHAPE });
    } else if (s.op === "add" || s.op === "sub" || s.op === "mul") v = b.add(s.op, [x, y]);
    else v = b.add(s.op, [x]);
    values.push(v);
  }
  const c = b.add("input", [], { role: "model", dtype: "f64", shape: SHAPE }, { name: "c" });
  feeds[c] = randomTensor(tensorType("f64", SHAPE), "any", rand);
  const sum = (id: string): string => b.add("reduce_sum", [id], { axes: [0, 1], keepdims: false });
  const last = values[values.length - 1]!;
  const loss = b.add("add", [sum(b.add("mul", [c, last])), sum(values[other % values.length]!)], {}, { name: "loss" });
  const wrt = values.slice(0, PARAMS);
  return { graph: b.finish([{ name: "loss", id: loss }]), feeds, wrt };
}

describe("random graphs", () => {
  it("gradients match central differences (fan-out, reuse, reduce/broadcast)", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 8 }), fc.nat(), fc.nat({ max: 1000 }), (steps, other, seed) => {
        checkProblem(build(steps, other, seed), seed);
      }),
      { numRuns: 60, seed: 20260611 },
    );
  });
});
