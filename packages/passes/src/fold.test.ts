import { describe, expect, it } from "vitest";
import { isParseError, parseGraph, printGraph, verifyGraph, type Graph } from "@nnc/ir";
import { lookupOp } from "@nnc/ops";
import { fold } from "./fold.ts";
import { typeRuleOf } from "./type-rule.ts";

function check(before: string, after: string): void {
  const g = parseGraph(before);
  if (isParseError(g)) throw new Error(`${g.error} at ${g.line}:${g.column}`);
  expect(verifyGraph(g, typeRuleOf(lookupOp))).toEqual([]);
  const out: Graph = fold(lookupOp)(g);
  expect(verifyGraph(out, typeRuleOf(lookupOp))).toEqual([]);
  expect(printGraph(out)).toBe(after);
}

describe("fold", () => {
  it("folds a tree of constants with uniform results, keeping spans and origins", () => {
    check(
      `graph G {
  input x: f32[2] {role="model"}
  a: f32[2] = const() {value=2}
  b: f32[2] = const() {value=3}
  s: f32[2] = add(a, b)          # g.nn:1:5-10
  e: f32[2] = exp(s)             # ← exp.vjp of s
  n: f32[] = reduce_mean(e) {axes=[0], keepdims=false}
  y: f32[2] = mul(x, e)
  return y, n
}
`,
      `graph G {
  input x: f32[2] {role="model"}
  a: f32[2] = const() {value=2}
  b: f32[2] = const() {value=3}
  s: f32[2] = const() {value=5}                 # g.nn:1:5-10
  # backward
  e: f32[2] = const() {value=148.4131591025766} # ← exp.vjp of s
  n: f32[] = const() {value=148.4131591025766}
  y: f32[2] = mul(x, e)
  return y, n
}
`,
    );
  });

  it("leaves non-uniform results and values that depend on a symbolic dim", () => {
    const text = `graph G dims(B) {
  a: f32[2] = const() {value=2}
  b: f32[2] = const() {value=3}
  c: f32[4] = concat(a, b) {axis=0}
  o: f32[B] = const() {value=1}
  s: f32[] = reduce_sum(o) {axes=[0], keepdims=false}
  n: f32[] = dimsize() {dims=[B], dtype="f32"}
  h: f32[] = mul(n, n)
  return c, s, h
}
`;
    check(text, text);
  });

  it("folds over a symbolic dim when the result does not depend on it", () => {
    check(
      `graph G dims(B) {
  o: f32[B, 3] = const() {value=4}
  m: f32[3] = reduce_mean(o) {axes=[0], keepdims=false}
  r: f32[3] = sqrt(m)
  return r
}
`,
      `graph G dims(B) {
  o: f32[B, 3] = const() {value=4}
  m: f32[3] = const() {value=4}
  r: f32[3] = const() {value=2}
  return r
}
`,
    );
  });
});
