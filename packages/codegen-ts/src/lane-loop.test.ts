import { describe, expect, it } from "vitest";
import { isColumn, rowStart, sameAccess } from "./lane-loop.ts";

const at = (strides: readonly number[], offset = 0): { array: string; offset: number; strides: readonly number[] } => ({ array: "a", offset, strides });
const SHAPE = [8, 16, 64];

describe("lane operand forms (lane-loop.ts)", () => {
  it("an array at the output's index: offset 0 and the output's strides", () => {
    expect(sameAccess(at([1024, 64, 1]), at([1024, 64, 1]))).toBe(true);
    expect(sameAccess(at([1024, 64, 1], 4), at([1024, 64, 1]))).toBe(false);
    expect(sameAccess(at([0, 64, 1]), at([1024, 64, 1]))).toBe(false);
  });

  it("a row: zero strides, then the trailing axes contiguous; its first axis", () => {
    expect(rowStart(at([0, 0, 1]), SHAPE)).toBe(2);
    expect(rowStart(at([0, 64, 1]), SHAPE)).toBe(1);
    expect(rowStart(at([1024, 64, 1]), SHAPE)).toBeNull();
    expect(rowStart(at([0, 1, 0]), SHAPE)).toBeNull();
    expect(rowStart(at([0, 0, 2]), SHAPE)).toBeNull();
    expect(rowStart(at([0, 0, 1], 64), SHAPE)).toBeNull();
  });

  it("a column: one element per row, contiguous over the leading axes", () => {
    expect(isColumn(at([16, 1, 0]), SHAPE)).toBe(true);
    expect(isColumn(at([0, 1, 0]), SHAPE)).toBe(false);
    expect(isColumn(at([16, 1, 1]), SHAPE)).toBe(false);
    expect(isColumn(at([0]), [64])).toBe(false);
  });
});
