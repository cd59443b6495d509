import { describe, expect, it } from "vitest";
import { dimToString, sym, dimMul, dimAdd } from "./dim.ts";
import { parseGraph, isParseError } from "./parser.ts";
import { printGraph } from "./printer.ts";
import { specializeDims, substituteDim } from "./specialize.ts";

describe("specializeDims", () => {
  it("substitutes bound symbols in polynomials and keeps the others", () => {
    const d = dimAdd(dimMul(sym("B"), dimMul(sym("T"), 2)), sym("T"));
    expect(dimToString(d)).toBe("2*B*T + T");
    expect(dimToString(substituteDim(d, { T: 5 }))).toBe("10*B + 5");
    expect(substituteDim(d, { T: 5, B: 3 })).toBe(35);
  });

  it("fixes dims in every type and shape attribute, and drops them from the graph's dims", () => {
    const g = parseGraph(`graph G dims(B, T) {
  input x: f32[B, T, 4] {role="model"}
  %0: f32[B, 4] = reduce_sum(x) {axes=[1], keepdims=false}
  %1: f32[B, T, 4] = broadcast(%0) {shape=[B, T, 4]}
  return %1
}
`);
    if (isParseError(g)) throw new Error(g.error);
    const s = specializeDims(g, { T: 5 });
    expect(printGraph(s)).toBe(`graph G dims(B) {
  input x: f32[B, 5, 4] {role="model"}
  %0: f32[B, 4] = reduce_sum(x) {axes=[1], keepdims=false}
  %1: f32[B, 5, 4] = broadcast(%0) {shape=[B, 5, 4]}
  return %1
}
`);
  });
});
