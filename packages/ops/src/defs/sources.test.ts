import { sym, tensorType } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { lookupOp } from "../table.ts";
import { typeOf, vals } from "./test-util.ts";

const B = sym("B");
const ctx = (attrs: Record<string, number | string | boolean | readonly (number | typeof B)[]>, outShape: number[], training = false) =>
  ({ attrs, outShape, dims: { B: 4 }, training });

describe("sources", () => {
  it("const fills its shape; dimsize multiplies bound dims", () => {
    expect(vals(lookupOp("const")!.evaluate([], ctx({ value: 3, dtype: "f32", shape: [2] }, [2])))).toEqual([3, 3]);
    expect(typeOf("dimsize", [], { dims: [B, 3], dtype: "f32" })).toEqual(tensorType("f32", []));
    expect(vals(lookupOp("dimsize")!.evaluate([], ctx({ dims: [B, 3], dtype: "f32" }, [])))).toEqual([12]);
  });
  it("types come from the attributes", () => {
    expect(typeOf("input", [], { role: "model", dtype: "f32", shape: [B, 784] })).toEqual(tensorType("f32", [B, 784]));
    expect(typeOf("param", [], { dtype: "f32", shape: [784, 128] })).toEqual(tensorType("f32", [784, 128]));
    expect(typeOf("const", [], { value: 0.5, dtype: "i32", shape: [] })).toMatchObject({ code: "E0201" });
    expect(typeOf("dropout_mask", [], { p: 1, dtype: "f32", shape: [2] })).toEqual({ error: "dropout: the drop probability p must be in [0, 1), got 1" });
  });
  it("dropout_mask: ones outside training, seeded 0 or 1/(1−p) in training", () => {
    const def = lookupOp("dropout_mask")!;
    const attrs = { p: 0.25, dtype: "f64", shape: [8], seed: 3 };
    expect(vals(def.evaluate([], ctx(attrs, [8])))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const m = vals(def.evaluate([], ctx(attrs, [8], true)));
    expect(m.every((v) => v === 0 || v === 1 / 0.75)).toBe(true);
    expect(vals(def.evaluate([], ctx(attrs, [8], true)))).toEqual(m);
  });
  it("buffer: typed from its attrs like a param, external, never differentiable", () => {
    const def = lookupOp("buffer")!;
    expect(typeOf("buffer", [], { dtype: "f32", shape: [4] })).toEqual(tensorType("f32", [4]));
    expect(typeOf("buffer", [], { dtype: "i32", shape: [] })).toEqual(tensorType("i32", []));
    expect(def.isSource).toBe(true);
    expect(def.nonDifferentiable).toBe(true);
    expect(() => def.evaluate([], ctx({ dtype: "f32", shape: [4] }, [4]))).toThrow(/external/);
  });
  it("training: a bool scalar, 1 in a training step and 0 otherwise", () => {
    const def = lookupOp("training")!;
    expect(typeOf("training", [], {})).toEqual(tensorType("bool", []));
    expect(vals(def.evaluate([], ctx({}, [], true)))).toEqual([1]);
    expect(vals(def.evaluate([], ctx({}, [], false)))).toEqual([0]);
    expect(def.evaluate([], ctx({}, [])).shape).toEqual([]);
  });
});
