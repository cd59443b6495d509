import { describe, expect, it } from "vitest";
import { printGraph, verifyGraph, type Graph } from "@nnc/ir";
import { lookupOp, tensor, type Tensor } from "@nnc/ops";
import { reluMask } from "./relu-mask.ts";
import { parseChecked as parse } from "./test-graphs.ts";
import { typeRuleOf } from "./type-rule.ts";

/** Every node's value from the op table's reference evaluations. */
function run(g: Graph, x: Tensor): Map<string, Tensor> {
  const values = new Map<string, Tensor>();
  for (const n of g.nodes) {
    const shape = n.type.shape.map((d) => (typeof d === "number" ? d : 2));
    const v = n.op === "input" ? x : lookupOp(n.op)!.evaluate(n.inputs.map((i) => values.get(i)!), { attrs: n.attrs, outShape: shape, dims: {}, training: false });
    values.set(n.id, v);
  }
  return values;
}

/** relu(x) and masks gt(x, c) for c = 0, 0.5, −0.5, and one gt(x, 0) before the relu. */
const GRAPH = `graph G {
  input x: f32[12] {role="model"}
  c0: f32[12] = const() {value=0}
  early: bool[12] = gt(x, c0)
  h: f32[12] = relu(x)
  m0: bool[12] = gt(x, c0)
  c1: f32[12] = const() {value=0.5}
  m1: bool[12] = gt(x, c1)
  c2: f32[12] = const() {value=-0.5}
  m2: bool[12] = gt(x, c2)
  return early, h, m0, m1, m2
}
`;

describe("relu-mask", () => {
  it("points gt(x, c ≥ 0) after relu(x) at relu(x), and leaves c < 0 and an earlier gt alone", () => {
    const out = reluMask(parse(GRAPH));
    expect(verifyGraph(out, typeRuleOf(lookupOp))).toEqual([]);
    expect(printGraph(out)).toBe(`graph G {
  input x: f32[12] {role="model"}
  c0: f32[12] = const() {value=0}
  early: bool[12] = gt(x, c0)
  h: f32[12] = relu(x)
  m0: bool[12] = gt(h, c0)
  c1: f32[12] = const() {value=0.5}
  m1: bool[12] = gt(h, c1)
  c2: f32[12] = const() {value=-0.5}
  m2: bool[12] = gt(x, c2)
  return early, h, m0, m1, m2
}
`);
  });

  it("gives the same masks on signed zeros, infinities, NaN and values around the constants", () => {
    const g = parse(GRAPH);
    const out = reluMask(g);
    const x = tensor([12], [Number.NaN, -0, 0, Infinity, -Infinity, 0.5, 0.25, 0.75, -0.25, 1e-30, -1e-30, 3]);
    const before = run(g, x);
    const after = run(out, x);
    for (const o of g.outputs) expect([...after.get(o.id)!.data], o.id).toEqual([...before.get(o.id)!.data]);
    // The masks are not all-equal: the comparison sees both outcomes.
    expect(new Set(after.get("m0")!.data).size).toBe(2);
  });
});
