import { describe, expect, it } from "vitest";
import { isParseError, parseGraph, printGraph, verifyGraph, type Graph } from "@nnc/ir";
import { lookupOp } from "@nnc/ops";
import { cse } from "./cse.ts";
import { dce } from "./dce.ts";
import { typeRuleOf } from "./type-rule.ts";

function parse(text: string): Graph {
  const g = parseGraph(text);
  if (isParseError(g)) throw new Error(`${g.error} at ${g.line}:${g.column}`);
  expect(verifyGraph(g, typeRuleOf(lookupOp))).toEqual([]);
  return g;
}

function check(pass: (g: Graph) => Graph, before: string, after: string): void {
  const out = pass(parse(before));
  expect(verifyGraph(out, typeRuleOf(lookupOp))).toEqual([]);
  expect(printGraph(out)).toBe(after);
}

describe("dce", () => {
  it("keeps what reaches the outputs, and every input and param", () => {
    check(
      dce,
      `graph G {
  input x: f32[3] {role="model"}
  input unused: f32[3] {role="train"}
  param W: f32[3]
  param V: f32[3]
  a: f32[3] = add(x, W) # g.nn:2:3-8
  dead: f32[3] = neg(a)
  y: f32[3] = relu(a)
  dead2: f32[3] = mul(dead, V)
  return y
}
`,
      `graph G {
  input x: f32[3] {role="model"}
  input unused: f32[3] {role="train"}
  param W: f32[3]
  param V: f32[3]
  a: f32[3] = add(x, W) # g.nn:2:3-8
  y: f32[3] = relu(a)
  return y
}
`,
    );
  });
});

describe("cse", () => {
  it("merges equal op, operands, attributes and type; an output keeps its id", () => {
    check(
      cse(lookupOp),
      `graph G dims(B) {
  input x: f32[B, 3] {role="model"}
  param W: f32[3, 3]
  param W2: f32[3, 3]
  %0: f32[B, 3] = matmul(x, W) {transA=false, transB=false} # g.nn:4:7-12
  %1: f32[B, 3] = matmul(x, W) {transB=false, transA=false} # g.nn:5:7-12
  %2: f32[B, 3] = matmul(x, W2) {transA=false, transB=false}
  %3: f32[B, 3] = add(%0, %1)
  %4: f32[B, 3] = add(%1, %0)
  c1: f32[B, 3] = const() {value=1}
  c2: f32[B, 3] = const() {value=1}
  c3: f32[B, 3] = const() {value=2}
  y: f32[B, 3] = mul(%3, c1)
  %5: f32[B, 3] = mul(%4, c2) # g.nn:9:1 ← mul.vjp.lhs of y
  %6: f32[B, 3] = mul(%3, c3)
  return y, d = %5, e = %6, f = %2
}
`,
      `graph G dims(B) {
  input x: f32[B, 3] {role="model"}
  param W: f32[3, 3]
  param W2: f32[3, 3]
  %0: f32[B, 3] = matmul(x, W) {transA=false, transB=false} # g.nn:4:7-12
  %2: f32[B, 3] = matmul(x, W2) {transA=false, transB=false}
  %3: f32[B, 3] = add(%0, %0)
  c1: f32[B, 3] = const() {value=1}
  c3: f32[B, 3] = const() {value=2}
  y: f32[B, 3] = mul(%3, c1)
  # backward
  %5: f32[B, 3] = mul(%3, c1)                              # g.nn:9:1 ← mul.vjp.lhs of y
  %6: f32[B, 3] = mul(%3, c3)
  return y, d = %5, e = %6, f = %2
}
`,
    );
  });

  it("merges a commutative op with swapped operands, but not a non-commutative one", () => {
    check(
      cse(lookupOp),
      `graph G {
  input a: f32[2] {role="model"}
  input b: f32[2] {role="model"}
  %0: f32[2] = mul(a, b)
  %1: f32[2] = mul(b, a)
  %2: f32[2] = sub(a, b)
  %3: f32[2] = sub(b, a)
  %4: f32[2] = add(%0, %1)
  %5: f32[2] = add(%2, %3)
  return %4, %5
}
`,
      `graph G {
  input a: f32[2] {role="model"}
  input b: f32[2] {role="model"}
  %0: f32[2] = mul(a, b)
  %2: f32[2] = sub(a, b)
  %3: f32[2] = sub(b, a)
  %4: f32[2] = add(%0, %0)
  %5: f32[2] = add(%2, %3)
  return %4, %5
}
`,
    );
  });

  it("never merges inputs, params or dropout masks", () => {
    const text = `graph G {
  input x: f32[2] {role="model"}
  input x2: f32[2] {role="model"}
  param W: f32[2]
  param W2: f32[2]
  m1: f32[2] = dropout_mask() {p=0.5}
  m2: f32[2] = dropout_mask() {p=0.5}
  return x, x2, W, W2, m1, m2
}
`;
    check(cse(lookupOp), text, text);
  });

  it("renames the surviving node when a merged node is an output", () => {
    check(
      cse(lookupOp),
      `graph G {
  input x: f32[2] {role="model"}
  %0: f32[2] = exp(x)
  h: f32[2] = relu(%0)
  y: f32[2] = exp(x)
  z: f32[2] = neg(y)
  w: f32[2] = neg(%0)
  return y, z, w
}
`,
      `graph G {
  input x: f32[2] {role="model"}
  y: f32[2] = exp(x)
  h: f32[2] = relu(y)
  z: f32[2] = neg(y)
  w: f32[2] = neg(y)
  return y, z, w
}
`,
    );
  });

  it("merges backward nodes into forward ones and follows merges in origins", () => {
    check(
      cse(lookupOp),
      `graph G {
  input x: f32[2] {role="model"}
  a: f32[2] = exp(x)
  b: f32[2] = exp(x)
  h: f32[2] = relu(b)
  g1: f32[2] = exp(x)     # ← exp.vjp of b
  g2: f32[2] = mul(g1, h) # ← relu.vjp of b
  return h, g2
}
`,
      `graph G {
  input x: f32[2] {role="model"}
  a: f32[2] = exp(x)
  h: f32[2] = relu(a)
  # backward
  g2: f32[2] = mul(a, h) # ← relu.vjp of a
  return h, g2
}
`,
    );
  });
});
