import { describe, expect, it } from "vitest";
import { isParseError, parseGraph, printGraph, verifyGraph, type Graph } from "@nnc/ir";
import { lookupOp, mulberry32, tensor, type Tensor } from "@nnc/ops";
import { dce } from "./dce.ts";
import { simplify } from "./simplify.ts";
import { typeRuleOf } from "./type-rule.ts";

function parse(text: string): Graph {
  const g = parseGraph(text);
  if (isParseError(g)) throw new Error(`${g.error} at ${g.line}:${g.column}`);
  expect(verifyGraph(g, typeRuleOf(lookupOp))).toEqual([]);
  return g;
}

/** Random values for every input, so that before and after can be compared by the interpreter. */
function feeds(g: Graph): Record<string, Tensor> {
  const r = mulberry32(9);
  const out: Record<string, Tensor> = {};
  for (const n of g.nodes) {
    if (n.op !== "input") continue;
    const t = tensor(n.type.shape.map((d) => (typeof d === "number" ? d : 2)));
    for (let i = 0; i < t.data.length; i++) t.data[i] = 2 * r() - 1;
    out[n.id] = t;
  }
  return out;
}

/** Every node's value from the op table's reference evaluations (concrete shapes only). */
function run(g: Graph, fed: Record<string, Tensor>): Map<string, Tensor> {
  const values = new Map<string, Tensor>();
  for (const n of g.nodes) {
    const shape = n.type.shape.map((d) => (typeof d === "number" ? d : 2));
    const v = n.op === "input" ? fed[n.id]! : lookupOp(n.op)!.evaluate(n.inputs.map((i) => values.get(i)!), { attrs: n.attrs, outShape: shape, dims: {}, training: false });
    values.set(n.id, v);
  }
  return values;
}

/** The backward of a 3-way split of x: [2, 6] along axis 1, as the slice rules and the fan-out build it. */
const SPLIT_BACKWARD = `graph G {
  input da: f32[2, 2] {role="model"}
  input db: f32[2, 2] {role="model"}
  input dc: f32[2, 2] {role="model"}
  z4: f32[2, 4] = const() {value=0}
  pc: f32[2, 6] = concat(z4, dc) {axis=1}
  z2: f32[2, 2] = const() {value=0}
  pb: f32[2, 6] = concat(z2, db, z2) {axis=1}
  pa: f32[2, 6] = concat(da, z4) {axis=1}
  s: f32[2, 6] = add(pc, pb)
  dx: f32[2, 6] = add(s, pa)
  return dx
}
`;

describe("simplify: zero-padded concats summed", () => {
  it("folds the backward of split into one concat of the parts, with the same values", () => {
    const g = parse(SPLIT_BACKWARD);
    const out = dce(simplify(g));
    expect(verifyGraph(out, typeRuleOf(lookupOp))).toEqual([]);
    expect(printGraph(out)).toBe(`graph G {
  input da: f32[2, 2] {role="model"}
  input db: f32[2, 2] {role="model"}
  input dc: f32[2, 2] {role="model"}
  dx: f32[2, 6] = concat(da, db, dc) {axis=1}
  return dx
}
`);
    const f = feeds(g);
    const want = [...run(g, f).get("dx")!.data];
    expect([...run(out, f).get("dx")!.data]).toEqual(want);
    expect(want.filter((v) => v !== 0).length).toBe(12);
  });

  it("does not fire when a block is non-zero on both sides, is split by the other side, or the axes differ", () => {
    const both = SPLIT_BACKWARD.replace("pb: f32[2, 6] = concat(z2, db, z2)", "pb: f32[2, 6] = concat(db, db, z2)");
    expect(printGraph(simplify(parse(both)))).toContain("dx: f32[2, 6] = add(s, pa)");
    const straddle = `graph G {
  input a: f32[2, 3] {role="model"}
  input b: f32[2, 3] {role="model"}
  z: f32[2, 3] = const() {value=0}
  l: f32[2, 6] = concat(a, z) {axis=1}
  r: f32[2, 6] = concat(z, b) {axis=1}
  c: f32[2, 6] = concat(b, z) {axis=1}
  y: f32[2, 6] = add(l, r)
  w: f32[2, 6] = add(r, c)
  return y, w
}
`;
    const out = simplify(parse(straddle));
    expect(printGraph(out)).toContain("y: f32[2, 6] = concat(a, b) {axis=1}");
    expect(printGraph(out)).toContain("w: f32[2, 6] = concat(b, b) {axis=1}");
    const misaligned = straddle.replace("c: f32[2, 6] = concat(b, z) {axis=1}", "c: f32[2, 6] = concat(z, b) {axis=1}").replace("r: f32[2, 6] = concat(z, b) {axis=1}", "r: f32[2, 6] = concat(a, a) {axis=1}");
    expect(printGraph(simplify(parse(misaligned)))).toContain("w: f32[2, 6] = add(r, c)");
    const axes = `graph G {
  input a: f32[2, 2] {role="model"}
  z: f32[2, 2] = const() {value=0}
  l: f32[4, 2] = concat(a, z) {axis=0}
  r: f32[2, 4] = concat(z, a) {axis=1}
  t: f32[4, 2] = reshape(r) {shape=[4, 2]}
  y: f32[4, 2] = add(l, t)
  return y
}
`;
    expect(printGraph(simplify(parse(axes)))).toContain("y: f32[4, 2] = add(l, t)");
  });

  it("a block zero on both sides is kept only when one zero operand spans it exactly", () => {
    const g = parse(`graph G {
  input a: f32[2, 2] {role="model"}
  input b: f32[2, 3] {role="model"}
  z4: f32[2, 4] = const() {value=0}
  z3: f32[2, 3] = const() {value=0}
  l: f32[2, 6] = concat(a, z4) {axis=1}
  r: f32[2, 6] = concat(z3, b) {axis=1}
  y: f32[2, 6] = add(l, r)
  return y
}
`);
    expect(printGraph(simplify(g))).toContain("y: f32[2, 6] = add(l, r)");
  });
});
