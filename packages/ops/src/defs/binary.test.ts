import { sym, tensorType } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { run, t, typeOf, vals } from "./test-util.ts";

const a = t([4], [1, -2, 3, 0.5]);
const b = t([4], [2, 4, -3, 0.5]);

describe("binary evaluation", () => {
  it("arithmetic", () => {
    expect(vals(run("add", [a, b]))).toEqual([3, 2, 0, 1]);
    expect(vals(run("sub", [a, b]))).toEqual([-1, -6, 6, 0]);
    expect(vals(run("mul", [a, b]))).toEqual([2, -8, -9, 0.25]);
    expect(vals(run("div", [a, b]))).toEqual([0.5, -0.5, -1, 1]);
    expect(vals(run("pow", [t([3], [2, 9, 4]), t([3], [3, 0.5, -1])]))).toEqual([8, 3, 0.25]);
    expect(vals(run("maximum", [a, b]))).toEqual([2, 4, 3, 0.5]);
    expect(vals(run("minimum", [a, b]))).toEqual([1, -2, -3, 0.5]);
  });
  it("comparisons give 0/1", () => {
    const x = t([3], [1, 2, 3]);
    const y = t([3], [2, 2, 2]);
    expect(vals(run("lt", [x, y]))).toEqual([1, 0, 0]);
    expect(vals(run("le", [x, y]))).toEqual([1, 1, 0]);
    expect(vals(run("gt", [x, y]))).toEqual([0, 0, 1]);
    expect(vals(run("ge", [x, y]))).toEqual([0, 1, 1]);
    expect(vals(run("eq", [x, y]))).toEqual([0, 1, 0]);
    expect(vals(run("ne", [x, y]))).toEqual([1, 0, 1]);
  });
  it("where and cast", () => {
    const c = t([3], [1, 0, 1]);
    const out = vals(run("where", [c, t([3], [1, 2, 3]), t([3], [-1, -2, -3])], {}, ["bool", "f64", "f64"]));
    expect(out).toEqual([1, -2, 3]);
    expect(vals(run("cast", [t([4], [1.7, -1.7, 0, 2])], { dtype: "i32" }))).toEqual([1, -1, 0, 2]);
    expect(vals(run("cast", [t([3], [0.5, 0, -3])], { dtype: "bool" }))).toEqual([1, 0, 1]);
  });
});

describe("binary type rules", () => {
  const B = sym("B");
  it("equal types give that type; comparisons give bool", () => {
    const ty = tensorType("f32", [B, 3]);
    expect(typeOf("add", [ty, ty])).toBe(ty);
    expect(typeOf("lt", [ty, ty])).toEqual(tensorType("bool", [B, 3]));
    expect(typeOf("eq", [tensorType("bool", [2]), tensorType("bool", [2])])).toEqual(tensorType("bool", [2]));
    expect(typeOf("cast", [ty], { dtype: "i32" })).toEqual(tensorType("i32", [B, 3]));
  });
  it("shape and dtype mismatches name both types", () => {
    expect(typeOf("add", [tensorType("f32", [B, 128]), tensorType("f32", [64])])).toEqual({
      error: "add: shapes differ: f32[B, 128] and f32[64]",
      code: "E0301",
      help: "elementwise operands must have equal shapes; insert a broadcast",
    });
    expect(typeOf("mul", [tensorType("f32", [3]), tensorType("f64", [3])])).toMatchObject({ error: "mul: dtypes differ: f32[3] and f64[3]", code: "E0201" });
    expect(typeOf("div", [tensorType("i32", [3]), tensorType("i32", [3])])).toMatchObject({ code: "E0201" });
    expect(typeOf("add", [tensorType("f32", [B]), tensorType("f32", [sym("N")])])).toMatchObject({ code: "E0301" });
  });
  it("where wants a bool condition of the branches' shape", () => {
    const f = tensorType("f32", [3]);
    expect(typeOf("where", [tensorType("bool", [3]), f, f])).toBe(f);
    expect(typeOf("where", [f, f, f])).toMatchObject({ error: "where: the condition must be bool, got f32[3]", code: "E0201" });
    expect(typeOf("where", [tensorType("bool", [2]), f, f])).toMatchObject({ error: "where: condition bool[2] and branches f32[3] differ in shape", code: "E0301" });
  });
});
