import { tensorType, type Graph, type ParamInit } from "@nnc/ir";
import { GraphBuilder, lookupOp, mulberry32 } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { fans, initParams, initTensor } from "./init.ts";

function params(specs: Record<string, { shape: number[]; init?: ParamInit }>): Graph {
  const b = new GraphBuilder(lookupOp);
  for (const [name, s] of Object.entries(specs)) {
    b.addTyped("param", [], { dtype: "f32", shape: s.shape }, tensorType("f32", s.shape), { name });
    if (s.init !== undefined) b.setInit(name, s.init);
  }
  return b.finish([]);
}

const mean = (d: Float64Array): number => d.reduce((a, b) => a + b, 0) / d.length;
const variance = (d: Float64Array): number => {
  const m = mean(d);
  return d.reduce((a, b) => a + (b - m) ** 2, 0) / d.length;
};

describe("initParams", () => {
  it("glorot_uniform stays inside ±√(6/(in+out)) and fills it (variance a²/3)", () => {
    const { W } = initParams(params({ W: { shape: [784, 128], init: { kind: "glorot_uniform" } } }), 1);
    const a = Math.sqrt(6 / (784 + 128));
    expect(Math.max(...W!.data)).toBeLessThanOrEqual(a);
    expect(Math.min(...W!.data)).toBeGreaterThanOrEqual(-a);
    expect(Math.max(...W!.data)).toBeGreaterThan(0.99 * a);
    expect(variance(W!.data)).toBeCloseTo((a * a) / 3, 4);
    expect(Math.abs(mean(W!.data))).toBeLessThan(0.002);
  });
  it("normal kinds have the documented standard deviations", () => {
    const r = initParams(params({
      G: { shape: [200, 300], init: { kind: "glorot_normal" } },
      H: { shape: [300, 200], init: { kind: "he_normal" } },
      N: { shape: [100, 100], init: { kind: "normal", mean: 3, std: 0.5 } },
    }), 5);
    expect(Math.sqrt(variance(r.G!.data))).toBeCloseTo(Math.sqrt(2 / 500), 3);
    expect(Math.sqrt(variance(r.H!.data))).toBeCloseTo(Math.sqrt(2 / 300), 3);
    expect(mean(r.N!.data)).toBeCloseTo(3, 1);
    expect(Math.sqrt(variance(r.N!.data))).toBeCloseTo(0.5, 2);
  });
  it("he_uniform bound, uniform range, constants and values", () => {
    const r = initParams(params({
      K: { shape: [4, 3, 5, 5], init: { kind: "he_uniform" } },
      U: { shape: [1000], init: { kind: "uniform", low: 2, high: 3 } },
      C: { shape: [2], init: { kind: "constant", value: 0.25 } },
      O: { shape: [2], init: { kind: "ones" } },
      V: { shape: [2, 2], init: { kind: "values", values: [1, 2, 3, 4] } },
      b: { shape: [3] },
    }), 0);
    expect(Math.max(...r.K!.data.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 75));
    expect(Math.min(...r.U!.data)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...r.U!.data)).toBeLessThan(3);
    expect([...r.C!.data, ...r.O!.data, ...r.V!.data, ...r.b!.data]).toEqual([0.25, 0.25, 1, 1, 1, 2, 3, 4, 0, 0, 0]);
  });
  it("is deterministic by seed and independent per parameter", () => {
    const g = params({ A: { shape: [3, 3] }, B: { shape: [3, 3] } });
    const r1 = initParams(g, 42);
    expect([...initParams(g, 42).A!.data]).toEqual([...r1.A!.data]);
    expect([...initParams(g, 43).A!.data]).not.toEqual([...r1.A!.data]);
    expect([...r1.B!.data]).not.toEqual([...r1.A!.data]);
    const onlyA = initParams(params({ A: { shape: [3, 3] } }), 42);
    expect([...onlyA.A!.data]).toEqual([...r1.A!.data]);
  });
  it("fans: [in, out] matrices and [O, C, KH, KW] kernels", () => {
    expect(fans([784, 128])).toEqual({ fanIn: 784, fanOut: 128 });
    expect(fans([8, 3, 5, 5])).toEqual({ fanIn: 75, fanOut: 200 });
    expect(fans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(() => initTensor({ kind: "values", values: [1] }, [2], mulberry32(0))).toThrow("values(): 1 values for shape [2]");
  });
});
