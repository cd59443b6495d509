import { tensor } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { FeedError } from "./feed-error.ts";
import { fromNested, toNested } from "./nested.ts";

describe("nested arrays", () => {
  it("round-trip scalars, vectors and matrices", () => {
    expect(toNested(tensor([], [3]))).toBe(3);
    expect(toNested(tensor([2, 3], [1, 2, 3, 4, 5, 6]))).toEqual([[1, 2, 3], [4, 5, 6]]);
    const t = fromNested([[1, 2], [3, 4], [5, 6]]);
    expect(t.shape).toEqual([3, 2]);
    expect([...t.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fromNested(2.5).shape).toEqual([]);
    expect([...fromNested([true, false]).data]).toEqual([1, 0]);
    expect(fromNested([]).shape).toEqual([0]);
  });
  it("reject ragged and non-numeric data with a FeedError naming the entry and position", () => {
    expect(() => fromNested([[1, 2], [3]], undefined, "x")).toThrow(new FeedError("ragged", "x", "x[1]: ragged array: expected 2 elements at depth 1, got 1 elements", "[2, 2]"));
    expect(() => fromNested([[1, 2], 3], undefined, "x")).toThrow("x[1]: ragged array: expected 2 elements at depth 1, got a number");
    expect(() => fromNested([1, [2]], undefined, "x")).toThrow("x[1]: ragged array: expected a number at depth 1, got a list");
    expect(() => fromNested([1, "a"], undefined, "x")).toThrow('x[1]: expected a finite number, got "a"');
    expect(() => fromNested([1, null])).toThrow("value[1]: expected a finite number, got null");
  });
  it("check the expected shape", () => {
    expect(() => fromNested([[1, 2]], [2, 2], "W")).toThrow("W: expected shape [2, 2], got [1, 2]");
  });
});
