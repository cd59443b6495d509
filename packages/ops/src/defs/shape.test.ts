import { dimMul, sym, tensorType } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { run, t, typeOf, vals } from "./test-util.ts";

const B = sym("B");

describe("shape evaluation", () => {
  it("broadcast right-aligns and stretches size-1 axes", () => {
    const out = run("broadcast", [t([2, 1], [1, 2])], { shape: [2, 2, 3] });
    expect(out.shape).toEqual([2, 2, 3]);
    expect(vals(out)).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2]);
    expect(vals(run("broadcast", [t([], [7])], { shape: [2] }))).toEqual([7, 7]);
  });
  it("reshape keeps row-major order", () => {
    const out = run("reshape", [t([2, 3], [1, 2, 3, 4, 5, 6])], { shape: [3, 2] });
    expect(out.shape).toEqual([3, 2]);
    expect(vals(out)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it("transpose permutes axes", () => {
    expect(vals(run("transpose", [t([2, 3], [1, 2, 3, 4, 5, 6])], { perm: [1, 0] }))).toEqual([1, 4, 2, 5, 3, 6]);
    const x = t([2, 1, 3], [1, 2, 3, 4, 5, 6]);
    const y = run("transpose", [x], { perm: [2, 0, 1] });
    expect(y.shape).toEqual([3, 2, 1]);
    expect(vals(y)).toEqual([1, 4, 2, 5, 3, 6]);
  });
  it("concat and slice are inverse", () => {
    const a = t([2, 1], [1, 2]);
    const b = t([2, 2], [3, 4, 5, 6]);
    const c = run("concat", [a, b], { axis: 1 });
    expect(c.shape).toEqual([2, 3]);
    expect(vals(c)).toEqual([1, 3, 4, 2, 5, 6]);
    expect(vals(run("concat", [a, a], { axis: 0 }))).toEqual([1, 2, 1, 2]);
    expect(vals(run("slice", [c], { axis: 1, start: 1, end: 3 }))).toEqual([3, 4, 5, 6]);
    expect(vals(run("slice", [c], { axis: 0, start: 1, end: 2 }))).toEqual([2, 5, 6]);
  });
});

describe("shape type rules", () => {
  it("broadcast: a concrete 1 stretches, a symbolic dim only matches itself", () => {
    expect(typeOf("broadcast", [tensorType("f32", [1, 10])], { shape: [B, 10] })).toEqual(tensorType("f32", [B, 10]));
    expect(typeOf("broadcast", [tensorType("f32", [3, 4])], { shape: [5, 4] })).toEqual({ error: "cannot broadcast f32[3, 4] to [5, 4]: 3 and 5 differ (shapes align from the right)", code: "E0301" });
    expect(typeOf("broadcast", [tensorType("f32", [B])], { shape: [3] })).toMatchObject({ code: "E0301" });
    expect(typeOf("broadcast", [tensorType("f32", [2, 3])], { shape: [3] })).toEqual({ error: "cannot broadcast f32[2, 3] to [3]: it has more axes than [3]", code: "E0301" });
  });
  it("reshape: element counts compared symbolically", () => {
    expect(typeOf("reshape", [tensorType("f32", [B, 28, 28])], { shape: [B, 784] })).toEqual(tensorType("f32", [B, 784]));
    expect(typeOf("reshape", [tensorType("f32", [B, 28, 28])], { shape: [dimMul(B, 784)] })).toEqual(tensorType("f32", [dimMul(B, 784)]));
    expect(typeOf("reshape", [tensorType("f32", [B, 784])], { shape: [B, 28, 27] })).toEqual({
      error: "cannot reshape f32[B, 784] (784*B elements) to [B, 28, 27] (756*B elements)",
      code: "E0304",
      help: "the product of the dims must stay the same; use -1 for one dim to have it computed",
    });
  });
  it("transpose needs a permutation", () => {
    expect(typeOf("transpose", [tensorType("f32", [B, 3])], { perm: [1, 0] })).toEqual(tensorType("f32", [3, B]));
    expect(typeOf("transpose", [tensorType("f32", [2, 3])], { perm: [0, 0] })).toMatchObject({ error: "transpose: [0, 0] is not a permutation of the 2 axes of f32[2, 3]", code: "E0303" });
  });
  it("concat adds the axis dims and checks the others", () => {
    expect(typeOf("concat", [tensorType("f32", [B, 3]), tensorType("f32", [B, 4])], { axis: 1 })).toEqual(tensorType("f32", [B, 7]));
    expect(typeOf("concat", [tensorType("f32", [B, 3]), tensorType("f32", [B, 3])], { axis: 0 })).toEqual(tensorType("f32", [dimMul(B, 2), 3]));
    expect(typeOf("concat", [tensorType("f32", [2, 3]), tensorType("f32", [3, 4])], { axis: 1 })).toMatchObject({ error: "concat along axis 1: f32[2, 3] and f32[3, 4] (operand 1) differ in a dim other than 1", code: "E0305" });
    expect(typeOf("concat", [tensorType("f32", [2])], { axis: 1 })).toMatchObject({ code: "E0303" });
    expect(typeOf("concat", [tensorType("f32", [2]), tensorType("i32", [2])], { axis: 0 })).toMatchObject({ code: "E0201" });
  });
  it("slice bounds", () => {
    expect(typeOf("slice", [tensorType("f32", [B, 5])], { axis: 1, start: 1, end: 4 })).toEqual(tensorType("f32", [B, 3]));
    expect(typeOf("slice", [tensorType("f32", [2, 5])], { axis: 1, start: 1, end: 6 })).toMatchObject({ code: "E0301" });
  });
});
