import { describe, expect, it } from "vitest";
import { isParseError, parseGraph, printGraph, verifyGraph, type Graph } from "@nnc/ir";
import { lookupOp } from "@nnc/ops";
import { simplify } from "./simplify.ts";
import { typeRuleOf } from "./type-rule.ts";

function check(before: string, after: string): void {
  const g = parseGraph(before);
  if (isParseError(g)) throw new Error(`${g.error} at ${g.line}:${g.column}`);
  expect(verifyGraph(g, typeRuleOf(lookupOp))).toEqual([]);
  const out: Graph = simplify(g);
  expect(verifyGraph(out, typeRuleOf(lookupOp))).toEqual([]);
  expect(printGraph(out)).toBe(after);
}

describe("simplify", () => {
  it("removes x*1, 1*x, x+0, 0+x, x-0, x/1 (constants seen through broadcast)", () => {
    check(
      `graph G {
  input x: f32[2, 3] {role="model"}
  one: f32[2, 3] = const() {value=1}
  z: f32[] = const() {value=0}
  zero: f32[2, 3] = broadcast(z) {shape=[2, 3]}
  a: f32[2, 3] = mul(x, one)
  b: f32[2, 3] = mul(one, a)
  c: f32[2, 3] = add(b, zero)
  d: f32[2, 3] = add(zero, c)
  e: f32[2, 3] = sub(d, zero)
  f: f32[2, 3] = div(e, one)
  g: f32[2, 3] = sub(zero, f)
  h: f32[2, 3] = div(one, f)
  k: f32[2, 3] = relu(f)
  return k, g, h
}
`,
      `graph G {
  input x: f32[2, 3] {role="model"}
  one: f32[2, 3] = const() {value=1}
  z: f32[] = const() {value=0}
  zero: f32[2, 3] = broadcast(z) {shape=[2, 3]}
  g: f32[2, 3] = sub(zero, x)
  h: f32[2, 3] = div(one, x)
  k: f32[2, 3] = relu(x)
  return k, g, h
}
`,
    );
  });

  it("collapses neg(neg x), transpose and reshape chains, and same-shape broadcasts", () => {
    check(
      `graph G dims(B) {
  input x: f32[B, 2, 3] {role="model"}
  n1: f32[B, 2, 3] = neg(x)
  n2: f32[B, 2, 3] = neg(n1)
  t1: f32[2, 3, B] = transpose(n2) {perm=[1, 2, 0]}
  t2: f32[B, 2, 3] = transpose(t1) {perm=[2, 0, 1]}
  t3: f32[3, B, 2] = transpose(t1) {perm=[1, 2, 0]}
  t4: f32[B, 2, 3] = transpose(t2) {perm=[0, 1, 2]}
  r1: f32[B, 6] = reshape(t4) {shape=[B, 6]}
  r2: f32[6, B] = reshape(r1) {shape=[6, B]}
  r3: f32[B, 2, 3] = reshape(r1) {shape=[B, 2, 3]}
  b: f32[B, 2, 3] = broadcast(r3) {shape=[B, 2, 3]}
  y: f32[B, 2, 3] = add(b, n1)
  return y, t3, r2
}
`,
      `graph G dims(B) {
  input x: f32[B, 2, 3] {role="model"}
  n1: f32[B, 2, 3] = neg(x)
  t1: f32[2, 3, B] = transpose(x) {perm=[1, 2, 0]}
  t3: f32[3, B, 2] = transpose(x) {perm=[2, 0, 1]}
  r1: f32[B, 6] = reshape(x) {shape=[B, 6]}
  r2: f32[6, B] = reshape(x) {shape=[6, B]}
  y: f32[B, 2, 3] = add(x, n1)
  return y, t3, r2
}
`,
    );
  });

  it("rewrites log(softmax(x)) as log_softmax(x), keeping the log's span", () => {
    check(
      `graph G {
  input x: f32[4, 10] {role="model"}
  p: f32[4, 10] = softmax(x) {axis=1}  # g.nn:3:9-18
  l: f32[4, 10] = log(p)               # g.nn:3:5-19
  return l
}
`,
      `graph G {
  input x: f32[4, 10] {role="model"}
  p: f32[4, 10] = softmax(x) {axis=1}     # g.nn:3:9-18
  l: f32[4, 10] = log_softmax(x) {axis=1} # g.nn:3:5-19
  return l
}
`,
    );
  });

  it("keeps output ids: renames the replacement, or keeps the node when it is an input or an output", () => {
    check(
      `graph G {
  input x: f32[2] {role="model"}
  one: f32[2] = const() {value=1}
  h: f32[2] = relu(x)
  y: f32[2] = mul(h, one)
  a: f32[2] = mul(x, one)
  b: f32[2] = mul(y, one)
  return y, a, b
}
`,
      `graph G {
  input x: f32[2] {role="model"}
  one: f32[2] = const() {value=1}
  y: f32[2] = relu(x)
  a: f32[2] = mul(x, one)
  b: f32[2] = mul(y, one)
  return y, a, b
}
`,
    );
  });
});
