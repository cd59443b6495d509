import { describe, expect, it } from "vitest";
import { constLit, numLit } from "./names.ts";

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

describe("constLit: an f32 constant prints as the user wrote it, a folded one by its f32 value", () => {
  it("keeps numbers of at most 9 significant digits and f64 constants as they are", () => {
    expect(constLit(0.1, "f32")).toBe("0.1");
    expect(constLit(0.123456789, "f32")).toBe("0.123456789");
    expect(constLit(-2.5, "f32")).toBe("(-2.5)");
    expect(constLit(1 - 0.9, "f64")).toBe("0.09999999999999998");
    expect(constLit(3, "f32")).toBe("3");
  });

  it("prints a constant folded at compile time by the shortest decimal of its f32 value", () => {
    expect(constLit(1 - 0.9, "f32")).toBe("0.1");
    expect(constLit(0.1 * 3, "f32")).toBe("0.3");
    expect(constLit(-(1 - 0.9), "f32")).toBe("(-0.1)");
    for (const x of [1 / 3, Math.PI, 1 - 0.999, Math.fround(0.7)]) {
      const lit = constLit(x, "f32");
      expect(Math.fround(Number(lit.replace(/^\((.*)\)$/, "$1"))), lit).toBe(Math.fround(x));
      expect(lit.replace(/^\(?-?0?\.?0*/, "").replace(/e.*$/, "").replace(".", "").length, lit).toBeLessThanOrEqual(9);
    }
  });
});
