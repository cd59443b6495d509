import { describe, expect, it } from "vitest";
import { numLit } from "./names.ts";

/** Significant digits of a decimal literal (`1.25e-7` → 3). */
const digits = (lit: string): number => lit.replace(/^\(?-?/, "").replace(/\)$/, "").replace(/e.*$/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length;

describe("numLit: the shortest literal that reads back as the same double", () => {
  it("prints the user's numbers as written", () => {
    expect([0.1, 0.001, 1e-8, 0.9, 0.999, 100352, 2.5].map(numLit)).toEqual(["0.1", "0.001", "1e-8", "0.9", "0.999", "100352", "2.5"]);
    expect([-0.5, -0, Infinity, -Infinity, NaN].map(numLit)).toEqual(["(-0.5)", "(-0)", "Infinity", "(-Infinity)", "NaN"]);
  });

  it("round-trips, and no literal with fewer significant digits does", () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const samples = [1 - 0.9, 1 / 3, Math.PI, Math.fround(0.1), 2 ** -1074, Number.MAX_VALUE, ...Array.from({ length: 200 }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20))];
    for (const x of samples) {
      const lit = numLit(x);
      expect(Number(lit.replace(/^\((.*)\)$/, "$1")), lit).toBe(x);
      const n = digits(lit);
      for (let k = 1; k < n; k++) expect(Number(x.toPrecision(k)), `${x} with ${k} digits`).not.toBe(x);
    }
  });
});
