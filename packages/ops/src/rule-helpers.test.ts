import { sym, tensorType } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { broadcastShapes } from "./rule-helpers.ts";

describe("broadcastShapes", () => {
  const B = sym("B");
  it("aligns from the right; a concrete 1 stretches", () => {
    expect(broadcastShapes(tensorType("f32", [B, 128]), tensorType("f32", [128]))).toEqual([B, 128]);
    expect(broadcastShapes(tensorType("f32", [3, 1]), tensorType("f32", [1, 4]))).toEqual([3, 4]);
    expect(broadcastShapes(tensorType("f32", []), tensorType("f32", [2, 3]))).toEqual([2, 3]);
    expect(broadcastShapes(tensorType("f32", [1]), tensorType("f32", [B]))).toEqual([B]);
  });
  it("names both types and the differing dims", () => {
    expect(broadcastShapes(tensorType("f32", [B, 128]), tensorType("f32", [64]))).toEqual({
      error: "cannot broadcast f32[B, 128] and f32[64]: 128 and 64 differ (shapes align from the right)",
      code: "E0301",
    });
    expect(broadcastShapes(tensorType("f32", [B]), tensorType("f32", [3]))).toMatchObject({ code: "E0301" });
  });
});
