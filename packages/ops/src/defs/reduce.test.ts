import { sym, tensorType } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { run, t, typeOf, vals } from "./test-util.ts";

const x = t([2, 3], [1, 5, 3, -4, 2, 0]);

describe("reduce evaluation", () => {
  it("sum, mean, max, min over each axis and all", () => {
    expect(vals(run("reduce_sum", [x], { axes: [1], keepdims: false }))).toEqual([9, -2]);
    expect(vals(run("reduce_sum", [x], { axes: [0], keepdims: false }))).toEqual([-3, 7, 3]);
    expect(vals(run("reduce_sum", [x], { axes: [0, 1], keepdims: false }))).toEqual([7]);
    expect(run("reduce_sum", [x], { axes: [0, 1], keepdims: false }).shape).toEqual([]);
    expect(run("reduce_sum", [x], { axes: [1], keepdims: true }).shape).toEqual([2, 1]);
    expect(vals(run("reduce_mean", [x], { axes: [1], keepdims: false }))).toEqual([3, -2 / 3]);
    expect(vals(run("reduce_max", [x], { axes: [1], keepdims: false }))).toEqual([5, 2]);
    expect(vals(run("reduce_min", [x], { axes: [0], keepdims: true }))).toEqual([-4, 2, 0]);
  });
  it("absent axes reduce everything; empty axes reduce nothing", () => {
    expect(vals(run("reduce_max", [x], {}))).toEqual([5]);
    expect(vals(run("reduce_sum", [x], { axes: [] }))).toEqual(vals(x));
  });
  it("logsumexp is stable at 1000 and exact on small values", () => {
    const l = vals(run("logsumexp", [t([2, 2], [0, 0, 1000, 1000])], { axes: [1], keepdims: false }));
    expect(l[0]).toBeCloseTo(Math.LN2, 15);
    expect(l[1]).toBeCloseTo(1000 + Math.LN2, 12);
    expect(vals(run("logsumexp", [t([3], [-Infinity, -Infinity, -Infinity])], { axes: [0] }))).toEqual([-Infinity]);
    expect(vals(run("logsumexp", [t([3], [1, 2, 3])], { axes: [0] }))[0]).toBeCloseTo(3.40760596444438, 13);
  });
});

describe("reduce type rules", () => {
  const B = sym("B");
  it("drop or keep the reduced axes", () => {
    expect(typeOf("reduce_mean", [tensorType("f32", [B, 10])], { axes: [1], keepdims: false })).toEqual(tensorType("f32", [B]));
    expect(typeOf("reduce_mean", [tensorType("f32", [B, 10])], { axes: [0], keepdims: true })).toEqual(tensorType("f32", [1, 10]));
    expect(typeOf("reduce_sum", [tensorType("f32", [B, 10])], { axes: [0, 1], keepdims: false })).toEqual(tensorType("f32", []));
  });
  it("reject an axis out of range (E0303)", () => {
    expect(typeOf("reduce_sum", [tensorType("f32", [B, 10])], { axes: [2], keepdims: false })).toEqual({
      error: "reduce_sum: axis 2 is out of range for f32[B, 10] (rank 2)",
      code: "E0303",
      help: "valid axes are 0 to 1 (or -1 for the last)",
    });
    expect(typeOf("reduce_sum", [tensorType("f32", [3])], { axes: [0, 0] })).toMatchObject({ error: "reduce_sum: axis 0 is repeated", code: "E0303" });
    expect(typeOf("reduce_mean", [tensorType("i32", [3])], { axes: [0] })).toMatchObject({ code: "E0201" });
  });
});
