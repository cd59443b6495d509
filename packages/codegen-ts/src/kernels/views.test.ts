import { dimMul, sym, type Dim } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { stridedReshape } from "./views.ts";

/** Row-major coordinates of flat index `f` in `shape` (whole numbers). */
function coords(f: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(0);
  for (let k = shape.length - 1, r = f; k >= 0; k--) {
    out[k] = r % shape[k]!;
    r = Math.floor(r / shape[k]!);
  }
  return out;
}

const address = (idx: readonly number[], strides: readonly Dim[]): number => idx.reduce((s, i, k) => s + i * (strides[k] as number), 0);

/** For every element: the view's address of output index i equals the operand's address of flat(i), reshape's meaning. */
function expectSameElements(from: number[], strides: number[], to: number[]): void {
  const out = stridedReshape(from, strides, to);
  expect(out, `${from.join("×")} → ${to.join("×")}`).not.toBeNull();
  const n = from.reduce((a, b) => a * b, 1);
  for (let f = 0; f < n; f++) expect(address(coords(f, to), out!), `element ${f}`).toBe(address(coords(f, from), strides));
}

/** Strides of a sub-block of a larger row-major array: each axis spans `pad[k]` times its size of the next's extent. */
function paddedStrides(shape: readonly number[], pad: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let k = shape.length - 2; k >= 0; k--) s[k] = s[k + 1]! * shape[k + 1]! * pad[k + 1]!;
  return s;
}

describe("stridedReshape: a reshape of strided data as a view", () => {
  it("drops and inserts unit axes of a slice (the scan's x_t = reshape(xs[:, t:t+1, :]))", () => {
    const B = sym("B");
    expect(stridedReshape([B, 1, 32], [512, 32, 1], [B, 32])).toEqual([512, 1]);
    expect(stridedReshape([B, 32], [512, 1], [B, 1, 32, 1])).toEqual([512, 0, 1, 0]);
    expectSameElements([3, 1, 4], [64, 4, 1], [3, 4]);
    expectSameElements([3, 4], [8, 2], [1, 3, 1, 4, 1]);
  });

  it("splits one axis into several (inner stride first) and merges axes contiguous over each other", () => {
    expectSameElements([6, 5], [10, 2], [2, 3, 5]);
    expectSameElements([2, 3, 5], [30, 10, 1], [6, 5]);
    expectSameElements([4, 2, 3], [24, 3, 1], [4, 6]);
    const B = sym("B");
    expect(stridedReshape([B, 4, 8], [64, 16, 2], [B, 32])).toEqual([64, 2]);
    expect(stridedReshape([B, 4, 8], [64, 20, 2], [B, 32])).toBeNull();
    expect(stridedReshape([B, 4, 8], [64, 16, 2], [dimMul(B, 4), 8])).toEqual([16, 2]);
  });

  it("agrees with reshape's element order on random strided shapes, or declines", () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    let viewed = 0;
    let declined = 0;
    for (let trial = 0; trial < 400; trial++) {
      const from = Array.from({ length: 1 + rand(4) }, () => 1 + rand(4));
      const pad = from.map(() => (rand(3) === 0 ? 2 : 1));
      const strides = paddedStrides(from, pad);
      // A target: the operand's sizes factored, regrouped at random cut points, unit axes sprinkled in.
      const factors = from.flatMap((d) => (d === 4 && rand(2) === 0 ? [2, 2] : [d]));
      const to: number[] = [];
      for (const f of factors) {
        if (to.length > 0 && rand(3) === 0) to[to.length - 1]! *= f;
        else to.push(f);
        if (rand(5) === 0) to.push(1);
      }
      const out = stridedReshape(from, strides, to);
      if (out === null) {
        declined++;
        continue;
      }
      viewed++;
      expectSameElements(from, strides, to);
    }
    expect(viewed).toBeGreaterThan(100);
    expect(declined).toBeGreaterThan(10);
  });

  it("declines what no one stride can give: merging axes that are not contiguous over each other", () => {
    expect(stridedReshape([2, 3], [8, 2], [6])).toBeNull();
    expect(stridedReshape([2, 3], [6, 1], [3, 2])).toBeNull();
  });
});
