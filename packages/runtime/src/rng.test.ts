import { describe, expect, it } from "vitest";
import { deriveSeed, Rng, shuffleInPlace } from "./rng.ts";

describe("Rng", () => {
  it("gives the same stream for the same seed and different streams for different seeds", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(sa);
  });

  it("continues exactly after its state is saved and restored", () => {
    const a = new Rng(7);
    for (let i = 0; i < 10; i++) a.nextU32();
    const state = a.getState();
    const expected = Array.from({ length: 5 }, () => a.uniform());
    const b = new Rng(0);
    b.setState(state);
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(expected);
    expect(() => { b.setState([1, 2, 3]); }).toThrow(RangeError);
  });

  it("draws uniforms in [0, 1), integers below n, and normals with mean 0 and variance 1", () => {
    const r = new Rng(1);
    let sum = 0;
    let sq = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      const k = r.below(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
      const z = r.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.05);
  });

  it("shuffles into a permutation, deterministically", () => {
    const a = Int32Array.from({ length: 50 }, (_, i) => i);
    const b = Int32Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(a, new Rng(3));
    shuffleInPlace(b, new Rng(3));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("derives distinct seeds per stream", () => {
    const seeds = new Set(Array.from({ length: 100 }, (_, e) => deriveSeed(7, e)));
    expect(seeds.size).toBe(100);
    expect(deriveSeed(7, 3)).toBe(deriveSeed(7, 3));
  });
});
