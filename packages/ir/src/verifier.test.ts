import { describe, expect, it } from "vitest";
import type { Attrs, Graph } from "./graph.ts";
import { isParseError, parseGraph } from "./parser.ts";
import { typesEqual, type DType, type TensorType } from "./types.ts";
import type { Dim } from "./dim.ts";
import { verifyGraph } from "./verifier.ts";

/** A three-op type rule standing in for the op table: sources read their attrs, add needs equal types. */
function rule(op: string, inputs: readonly TensorType[], attrs: Attrs): TensorType | { error: string } {
  if (op === "input" || op === "param" || op === "buffer") return { dtype: attrs.dtype as DType, shape: attrs.shape as readonly Dim[] };
  if (op === "relu" && inputs.length === 1) return inputs[0]!;
  if (op === "add" && inputs.length === 2) return typesEqual(inputs[0]!, inputs[1]!) ? inputs[0]! : { error: "operand types differ" };
  return { error: `unknown op '${op}'` };
}

function parse(text: string): Graph {
  const g = parseGraph(text);
  if (isParseError(g)) throw new Error(g.error);
  return g;
}

describe("verifyGraph", () => {
  it("accepts a well-formed graph", () => {
    const g = parse(`graph G dims(B) {
  input x: f32[B, 3]
  param b: f32[B, 3] = zeros()
  s: f32[B, 3] = add(x, b)
  return s, r = s
}`);
    expect(verifyGraph(g, rule)).toEqual([]);
  });

  it("lists every problem", () => {
    const g = parse(`graph G {
  input x: f32[T]
  a: f32[T] = add(x, later)
  later: f32[T] = relu(x)
  a: f32[2] = relu(x)
  c: f32[T] = relu(nowhere)
  d: f32[T] = sin(x)
  init W = ones()
  return a, a = c, e
}`);
    expect(verifyGraph(g, rule)).toEqual([
      "node 0 (x): dim T is not declared in the graph's dims",
      "node 1 (a): operand later is used before its definition",
      "node 1 (a): dim T is not declared in the graph's dims",
      "node 2 (later): dim T is not declared in the graph's dims",
      "node 3 (a): duplicate id a",
      "node 3 (a): recorded type f32[2] but relu derives f32[T]",
      "node 4 (c): operand nowhere is not defined",
      "node 4 (c): dim T is not declared in the graph's dims",
      "node 5 (d): dim T is not declared in the graph's dims",
      "node 5 (d): sin: unknown op 'sin'",
      "output a is returned twice",
      "output e: value e is not defined",
      "initializer W belongs to no param or buffer node",
    ]);
  });

  it("accepts buffer updates and their initializers", () => {
    const g = parse(`graph G {
  input x: f32[3]
  buffer m: f32[3] = ones()
  s: f32[3] = add(x, m)
  next m = s
  return s
}`);
    expect(g.updates).toEqual([{ buffer: "m", value: "s" }]);
    expect(verifyGraph(g, rule)).toEqual([]);
  });

  it("checks every update: a buffer target, once, with a defined value of its type", () => {
    const g = parse(`graph G {
  input x: f32[3]
  param W: f32[3] = zeros()
  buffer m: f32[3]
  buffer n: f32[2]
  next W = x
  next m = x
  next m = x
  next n = x
  next q = nowhere
  return x
}`);
    expect(verifyGraph(g, rule)).toEqual([
      "update of W: W is not a buffer node",
      "update of m: the buffer is updated twice",
      "update of n: value x has type f32[3] but the buffer is f32[2]",
      "update of q: q is not a buffer node",
      "update of q: value nowhere is not defined",
    ]);
  });
});
