import { tensorType } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { run, t, typeOf, vals } from "./test-util.ts";

const x = t([5], [-2, -0.5, 0, 0.5, 2]);

describe("unary evaluation", () => {
  it("computes each op exactly on [-2, -0.5, 0, 0.5, 2]", () => {
    expect(vals(run("neg", [x]))).toEqual([2, 0.5, -0, -0.5, -2]);
    expect(vals(run("abs", [x]))).toEqual([2, 0.5, 0, 0.5, 2]);
    expect(vals(run("sign", [x]))).toEqual([-1, -1, 0, 1, 1]);
    expect(vals(run("relu", [x]))).toEqual([0, 0, 0, 0.5, 2]);
    expect(vals(run("leaky_relu", [x], { alpha: 0.1 }))).toEqual([-0.2, -0.05, 0, 0.5, 2]);
    expect(vals(run("stop_gradient", [x]))).toEqual([-2, -0.5, 0, 0.5, 2]);
    expect(vals(run("exp", [t([2], [0, 1])]))).toEqual([1, Math.E]);
    expect(vals(run("log", [t([2], [1, Math.E])]))).toEqual([0, 1]);
    expect(vals(run("sqrt", [t([2], [4, 2.25])]))).toEqual([2, 1.5]);
    expect(vals(run("tanh", [t([1], [0.5])]))[0]).toBeCloseTo(0.46211715726000974, 15);
  });

  it("computes sigmoid and softplus stably at ±1000", () => {
    expect(vals(run("sigmoid", [t([3], [-1000, 0, 1000])]))).toEqual([0, 0.5, 1]);
    expect(vals(run("sigmoid", [t([1], [2])]))[0]).toBeCloseTo(0.8807970779778823, 15);
    const sp = vals(run("softplus", [t([4], [-1000, 0, 1, 1000])]));
    expect(sp[0]).toBe(0);
    expect(sp[1]).toBeCloseTo(Math.LN2, 15);
    expect(sp[2]).toBeCloseTo(1.3132616875182228, 14);
    expect(sp[3]).toBe(1000);
  });
});

describe("unary type rules", () => {
  it("keep the operand's type, symbolic dims included", () => {
    const ty = tensorType("f32", [{ terms: [{ coef: 1, syms: ["B"] }] }, 3]);
    expect(typeOf("relu", [ty])).toBe(ty);
  });
  it("reject bool and int where a float is needed (E0201)", () => {
    expect(typeOf("relu", [tensorType("bool", [3])])).toEqual({ error: "relu expects a floating-point tensor, got bool[3]", code: "E0201", help: "convert it first, e.g. with a cast to f32" });
    expect(typeOf("exp", [tensorType("i32", [])])).toMatchObject({ code: "E0201" });
    expect(typeOf("neg", [tensorType("i32", [2])])).toEqual(tensorType("i32", [2]));
    expect(typeOf("neg", [tensorType("bool", [2])])).toEqual({ error: "neg expects a numeric tensor, got bool[2]", code: "E0201" });
  });
});
