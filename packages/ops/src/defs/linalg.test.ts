import { sym, tensorType } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { lookupOp } from "../table.ts";
import { run, t, typeOf, vals } from "./test-util.ts";

const A = t([2, 3], [1, 2, 3, 4, 5, 6]);
const Bm = t([3, 2], [7, 8, 9, 10, 11, 12]);

describe("matmul evaluation", () => {
  it("matrix·matrix and the transpose flags", () => {
    expect(vals(run("matmul", [A, Bm]))).toEqual([58, 64, 139, 154]);
    const At = t([3, 2], [1, 4, 2, 5, 3, 6]);
    const Bt = t([2, 3], [7, 9, 11, 8, 10, 12]);
    expect(vals(run("matmul", [At, Bm], { transA: true }))).toEqual([58, 64, 139, 154]);
    expect(vals(run("matmul", [A, Bt], { transB: true }))).toEqual([58, 64, 139, 154]);
    expect(vals(run("matmul", [At, Bt], { transA: true, transB: true }))).toEqual([58, 64, 139, 154]);
  });
  it("vector forms", () => {
    const v = t([3], [1, 0, -1]);
    expect(vals(run("matmul", [A, v]))).toEqual([-2, -2]);
    expect(run("matmul", [A, v]).shape).toEqual([2]);
    expect(vals(run("matmul", [t([2], [1, -1]), A]))).toEqual([-3, -3, -3]);
    const dot = run("matmul", [v, t([3], [4, 5, 6])]);
    expect(dot.shape).toEqual([]);
    expect(vals(dot)).toEqual([-2]);
  });
  it("batched and shared operands", () => {
    const a = t([2, 1, 2], [1, 2, 3, 4]);
    const b = t([2, 2, 1], [1, 1, 2, -1]);
    expect(vals(run("matmul", [a, b]))).toEqual([3, 2]);
    expect(vals(run("matmul", [a, t([2, 1], [1, 1])]))).toEqual([3, 7]);
    expect(vals(run("matmul", [a, t([2], [1, 1])]))).toEqual([3, 7]);
  });
  it("outer", () => {
    expect(vals(run("outer", [t([2], [1, 2]), t([3], [3, 4, 5])]))).toEqual([3, 4, 5, 6, 8, 10]);
  });
});

describe("matmul type rules", () => {
  const B = sym("B");
  const f = (...s: (number | ReturnType<typeof sym>)[]) => tensorType("f32", s);
  it("NumPy result shapes", () => {
    expect(typeOf("matmul", [f(B, 784), f(784, 128)])).toEqual(f(B, 128));
    expect(typeOf("matmul", [f(3, 4), f(4)])).toEqual(f(3));
    expect(typeOf("matmul", [f(4), f(4, 5)])).toEqual(f(5));
    expect(typeOf("matmul", [f(4), f(4)])).toEqual(f());
    expect(typeOf("matmul", [f(2, 3, 4), f(2, 4, 5)])).toEqual(f(2, 3, 5));
    expect(typeOf("matmul", [f(2, 3, 4), f(4, 5)])).toEqual(f(2, 3, 5));
    expect(typeOf("matmul", [f(4, 3), f(5, 4)], { transA: true, transB: true })).toEqual(f(3, 5));
  });
  it("inner-dimension mismatch names both types and hints a transpose", () => {
    expect(typeOf("matmul", [f(B, 784), f(128, 10)])).toEqual({ error: "inner dimensions differ: f32[B, 784] @ f32[128, 10] (784 ≠ 128)", code: "E0302" });
    expect(typeOf("matmul", [f(B, 784), f(128, 784)])).toEqual({
      error: "inner dimensions differ: f32[B, 784] @ f32[128, 784] (784 ≠ 128)",
      code: "E0302",
      help: "did you mean `a @ transpose(b)`? transpose(b) is [784, 128], whose first matrix dim matches 784",
    });
    expect(typeOf("matmul", [f(2, 8, 16), f(2, 8, 16)])).toMatchObject({
      code: "E0302",
      help: "did you mean `a @ transpose(b, perm = [0, 2, 1])`? transpose(b, perm = [0, 2, 1]) is [2, 16, 8], whose first matrix dim matches 16",
    });
    expect(typeOf("matmul", [f(3, 4), f(3)])).toMatchObject({ code: "E0302", help: "did you mean `transpose(a) @ b`? transpose(a)'s last dim would match 3" });
    expect(typeOf("matmul", [f(2, 3, 4), f(5, 4, 5)])).toMatchObject({ error: "matmul: batch dimensions differ: f32[2, 3, 4] @ f32[5, 4, 5] ([2] ≠ [5])", code: "E0302" });
    expect(typeOf("matmul", [f(), f(3)])).toMatchObject({ code: "E0302" });
    expect(typeOf("matmul", [f(3, 3), tensorType("f64", [3, 3])])).toMatchObject({ code: "E0201" });
  });
});

describe("vjpDoc", () => {
  const names = (out: string, ins: string[], ranks: number[]) => ({ out, ins, ranks, d: (n: string) => `d${n}` });
  it("words mat-vec as an outer product and a transposed product", () => {
    const [dW, da] = lookupOp("matmul")!.vjpDoc;
    const n = names("b", ["W", "a"], [2, 1]);
    expect([dW!.formula(n), dW!.why(n)]).toEqual(["dW = db ⊗ a", "∂b_i/∂W_jk = δ_ij·a_k"]);
    expect([da!.formula(n), da!.why(n)]).toEqual(["da = Wᵀ·db", "∂b_i/∂a_k = W_ik"]);
    const m = names("h", ["x", "W1"], [2, 2]);
    expect(dW!.formula(m)).toBe("dx = dh·W1ᵀ");
    expect(da!.formula(m)).toBe("dW1 = xᵀ·dh");
  });
  it("substitutes names in unary and binary docs without touching other words", () => {
    expect(lookupOp("exp")!.vjpDoc[0]!.formula(names("y", ["t"], [1]))).toBe("dt = dy ⊙ y");
    expect(lookupOp("softplus")!.vjpDoc[0]!.why(names("y", ["x"], [1]))).toBe("∂y_i/∂x_j = δ_ij·eˣⁱ/(1 + eˣⁱ) = δ_ij·σ(x_i)");
    expect(lookupOp("mul")!.vjpDoc[1]!.formula(names("z", ["b", "a"], [1, 1]))).toBe("da = dz ⊙ b");
  });
});
