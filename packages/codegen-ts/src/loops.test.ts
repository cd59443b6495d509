/**
 * emitNest's inner carry: a reduction whose innermost loop is reduced keeps the running value in a
 * local over that loop; one whose innermost axis is kept does not. Both compute the sums of a naive loop.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { Dim } from "@nnc/ir";
import { dimCode } from "./dims.ts";
import { emitNest, type InnerCarry, type LoopAccess } from "./loops.ts";

const dim = (d: Dim): string => dimCode(d, "rows");

/** y[kept] = Σ x over the reduced axes of a contiguous [2, 3, 4] x, by the emitted nest (carry offered). */
function reduce(outStrides: readonly number[], ySize: number): { code: string; y: number[] } {
  const x: LoopAccess = { offset: 0, strides: [12, 4, 1] };
  const y: LoopAccess = { offset: 0, strides: outStrides };
  const carry: InnerCarry = { access: 1, open: (at) => [`let _acc = y[${at}];`], close: (at) => [`y[${at}] = _acc;`] };
  const lines = emitNest([2, 3, 4], [x, y], ([i, o], carried) => (carried ? [`_acc = _acc + x[${i!}];`] : [`y[${o!}] = y[${o!}] + x[${i!}];`]), dim, carry);
  const code = lines.join("\n");
  const xs = Array.from({ length: 24 }, (_, i) => (i * 7) % 11);
  const run = runInThisContext(`((x, y) => {\n${code}\n})`) as (x: number[], y: number[]) => void;
  const out = new Array<number>(ySize).fill(0);
  run(xs, out);
  return { code, y: out };
}

function naive(keep: (i: number, j: number, k: number) => number, ySize: number): number[] {
  const y = new Array<number>(ySize).fill(0);
  for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) y[keep(i, j, k)]! += ((i * 12 + j * 4 + k) * 7) % 11;
  return y;
}

describe("emitNest inner carry", () => {
  it("carries the output element over a reduced innermost loop (axes 0 and 2 of [2, 3, 4])", () => {
    const r = reduce([0, 1, 0], 3);
    expect(r.code).toContain("let _acc = y[_j];");
    expect(r.code).toContain("y[_j] = _acc;");
    expect(r.y).toEqual(naive((_i, j) => j, 3));
  });

  it("does not carry when the innermost axis is kept (axis 0 of [2, 3, 4])", () => {
    const r = reduce([0, 4, 1], 12);
    expect(r.code).not.toContain("_acc");
    expect(r.y).toEqual(naive((_i, j, k) => j * 4 + k, 12));
  });

  it("carries over the merged inner axes (axes 1 and 2 of [2, 3, 4] coalesce into one of 12)", () => {
    const r = reduce([1, 0, 0], 2);
    expect(r.code.match(/for \(/g)?.length).toBe(2);
    expect(r.code).toContain("let _acc = y[_i];");
    expect(r.y).toEqual(naive((i) => i, 2));
  });
});
