import { describe, expect, it } from "vitest";
import type { Graph } from "./graph.ts";
import { isParseError, parseGraph } from "./parser.ts";
import { liveIds, reachableFrom, reachingTo, reverseTopological, usersMap } from "./traversal.ts";

const g: Graph = (() => {
  const r = parseGraph(`graph G {
  input x: f32[]
  input y: f32[]
  a: f32[] = add(x, x)
  b: f32[] = mul(a, y)
  c: f32[] = neg(y)
  d: f32[] = add(b, a)
  return d
}`);
  if (isParseError(r)) throw new Error(r.error);
  return r;
})();

describe("traversal", () => {
  it("reverse topological order", () => {
    expect(reverseTopological(g).map((n) => n.id)).toEqual(["d", "c", "b", "a", "y", "x"]);
  });

  it("users map lists each user once", () => {
    expect(Object.fromEntries(usersMap(g))).toEqual({ x: ["a"], y: ["b", "c"], a: ["b", "d"], b: ["d"], c: [], d: [] });
  });

  it("reachability both ways", () => {
    expect([...reachingTo(g, ["b"])].sort()).toEqual(["a", "b", "x", "y"]);
    expect([...reachableFrom(g, ["y"])].sort()).toEqual(["b", "c", "d", "y"]);
    expect([...liveIds(g)].sort()).toEqual(["a", "b", "d", "x", "y"]);
  });
});
