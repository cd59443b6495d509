import { describe, expect, it } from "vitest";
import { columnAxes, isColumn, rowStart, sameAccess } from "./lane-loop.ts";

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

  it("a column's axes: walked from `from` to `to` − 1, repeated over the axes before, stride 0 from `to` on", () => {
    const IMAGES = [32, 8, 26, 26];
    // A per-channel bias [1, 8, 1, 1] over images: rows (image, channel) of 676, repeating every 8 rows.
    expect(columnAxes(at([0, 1, 0, 0]), IMAGES)).toEqual({ from: 1, to: 2 });
    // One float per (image, channel): the whole of the rows.
    expect(columnAxes(at([8, 1, 0, 0]), IMAGES)).toEqual({ from: 0, to: 2 });
    // isColumn's form: split at the last axis.
    expect(columnAxes(at([16, 1, 0]), SHAPE)).toEqual({ from: 0, to: 2 });
    // A row (the last axis moves), a non-contiguous walk, an offset and a scalar are not columns.
    expect(columnAxes(at([0, 0, 0, 1]), IMAGES)).toBeNull();
    expect(columnAxes(at([0, 2, 0, 0]), IMAGES)).toBeNull();
    expect(columnAxes(at([0, 1, 0, 0], 3), IMAGES)).toBeNull();
    expect(columnAxes(at([0, 0, 0, 0]), IMAGES)).toBeNull();
  });
});
