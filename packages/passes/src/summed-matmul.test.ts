import { describe, expect, it } from "vitest";
import { printGraph, verifyGraph, type Graph } from "@nnc/ir";
import { lookupOp } from "@nnc/ops";
import { dce } from "./dce.ts";
import { summedMatmul } from "./summed-matmul.ts";
import { evaluateGraph, parseChecked as parse } from "./test-graphs.ts";
import { typeRuleOf } from "./type-rule.ts";

/** The pass then dce, verified, printed; every output's value equal before and after (f64 reference evaluations, B = 3). */
function rewritten(text: string): string {
  const g = parse(text);
  const out = dce(summedMatmul(g));
  expect(verifyGraph(out, typeRuleOf(lookupOp))).toEqual([]);
  expectSameOutputs(g, out);
  return printGraph(out);
}

function expectSameOutputs(before: Graph, after: Graph): void {
  const a = evaluateGraph(before, {}, { B: 3 });
  const b = evaluateGraph(after, {}, { B: 3 });
  expect(after.outputs).toEqual(before.outputs);
  for (const o of before.outputs) {
    const x = a.get(o.id)!.data;
    const y = b.get(o.id)!.data;
    expect(y.length, o.name).toBe(x.length);
    x.forEach((v, i) => {
      expect(Math.abs(y[i]! - v), `${o.name}[${i}]`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v)));
    });
  }
}

describe("summed-matmul", () => {
  it("sums a chain of aₜᵀ·dₜ as one product of the stacked rows, keeping the root's id and type", () => {
    const out = rewritten(`graph G dims(B) {
  input x0: f32[B, 3] {role="model"}
  input x1: f32[B, 3] {role="model"}
  input x2: f32[B, 3] {role="model"}
  input d0: f32[B, 4] {role="model"}
  input d1: f32[B, 4] {role="model"}
  input d2: f32[B, 4] {role="model"}
  %0: f32[3, 4] = matmul(x0, d0) {transA=true}
  %1: f32[3, 4] = matmul(x1, d1) {transA=true}
  %2: f32[3, 4] = matmul(x2, d2) {transA=true}
  %3: f32[3, 4] = add(%2, %1)
  dW: f32[3, 4] = add(%3, %0)
  return dW
}
`);
    expect(out).toBe(`graph G dims(B) {
  input x0: f32[B, 3] {role="model"}
  input x1: f32[B, 3] {role="model"}
  input x2: f32[B, 3] {role="model"}
  input d0: f32[B, 4] {role="model"}
  input d1: f32[B, 4] {role="model"}
  input d2: f32[B, 4] {role="model"}
  dW_rows_a: f32[3*B, 3] = concat(x2, x1, x0) {axis=0}
  dW_rows_d: f32[3*B, 4] = concat(d2, d1, d0) {axis=0}
  dW: f32[3, 4] = matmul(dW_rows_a, dW_rows_d) {transA=true}
  return dW
}
`);
  });

  it("adds the other leaves of the sum to the product (the last add keeps the root's id), in a balanced tree too", () => {
    const out = rewritten(`graph G {
  input a: f32[2, 3] {role="model"}
  input b: f32[5, 3] {role="model"}
  input da: f32[2, 4] {role="model"}
  input db: f32[5, 4] {role="model"}
  input e: f32[3, 4] {role="model"}
  %0: f32[3, 4] = matmul(a, da) {transA=true}
  %1: f32[3, 4] = matmul(b, db) {transA=true}
  %2: f32[3, 4] = add(%0, e)
  %3: f32[3, 4] = add(%1, e)
  s: f32[3, 4] = add(%2, %3)
  return s
}
`);
    expect(out).toContain("s_rows_a: f32[7, 3] = concat(a, b) {axis=0}");
    expect(out).toContain("s_rows_d: f32[7, 4] = concat(da, db) {axis=0}");
    expect(out).toContain("s_stacked: f32[3, 4] = matmul(s_rows_a, s_rows_d) {transA=true}");
    expect(out).toContain("s_sum: f32[3, 4] = add(s_stacked, e)");
    expect(out).toContain("s: f32[3, 4] = add(s_sum, e)");
  });

  it("leaves sums alone where stacking would change them: one product, other uses, transB, rank 3", () => {
    const text = `graph G {
  input a: f32[2, 3] {role="model"}
  input b: f32[2, 3] {role="model"}
  input c: f32[2, 4, 3] {role="model"}
  input d: f32[2, 4] {role="model"}
  input k: f32[4, 2] {role="model"}
  input e: f32[3, 4] {role="model"}
  %0: f32[3, 4] = matmul(a, d) {transA=true}
  one: f32[3, 4] = add(%0, e)
  %1: f32[3, 4] = matmul(a, d) {transA=true}
  %2: f32[3, 4] = matmul(b, d) {transA=true}
  shared: f32[3, 4] = add(%1, %2)
  %3: f32[3, 4] = matmul(a, k) {transA=true, transB=true}
  %4: f32[3, 4] = matmul(b, k) {transA=true, transB=true}
  tb: f32[3, 4] = add(%3, %4)
  %5: f32[2, 3, 3] = matmul(c, c) {transA=true}
  %6: f32[2, 3, 3] = matmul(c, c) {transA=true}
  r3: f32[2, 3, 3] = add(%5, %6)
  return one, shared, %1, tb, r3
}
`;
    expect(rewritten(text)).toBe(printGraph(parse(text)));
  });

  it("stacks f64 sums alike", () => {
    const two = rewritten(`graph G {
  input h: f64[2, 3] {role="model"}
  input g: f64[5, 3] {role="model"}
  input hd: f64[2, 4] {role="model"}
  input gd: f64[5, 4] {role="model"}
  %0: f64[3, 4] = matmul(h, hd) {transA=true}
  %1: f64[3, 4] = matmul(g, gd) {transA=true}
  t: f64[3, 4] = add(%0, %1)
  return t
}
`);
    expect(two).toContain("t: f64[3, 4] = matmul(t_rows_a, t_rows_d) {transA=true}");
    expect(two).toContain("t_rows_a: f64[7, 3] = concat(h, g) {axis=0}");
  });

  it("walks a sum of 4,000 terms without deep recursion, and leaves it alone when no term is a product", () => {
    const terms = 4000;
    const lines = [`graph G {`, `  input a: f32[3] {role="model"}`, `  %1: f32[3] = add(a, a)`];
    for (let k = 2; k < terms; k++) lines.push(`  %${k}: f32[3] = add(%${k - 1}, a)`);
    lines.push(`  return %${terms - 1}`, `}`, ``);
    const g = parse(lines.join("\n"));
    expect(summedMatmul(g)).toEqual(g);
  });
});
