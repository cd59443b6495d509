import { sym, tensorType, type Dim, type DType } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../builder.ts";
import { lookupOp } from "../table.ts";
import { t, typeOf, vals } from "./test-util.ts";

const B = sym("B");
const ty = (dtype: DType, ...shape: Dim[]) => tensorType(dtype, shape);
const ctx = (outShape: number[], attrs: Record<string, number> = {}) => ({ attrs, outShape, dims: {}, training: false });

describe("take: type rule", () => {
  it("f[V, ...D] by i32[...I] gives f[...I, ...D]", () => {
    expect(typeOf("take", [ty("f32", 10, 4), ty("i32", B, 7)])).toEqual(ty("f32", B, 7, 4));
    expect(typeOf("take", [ty("f64", 10, 2, 3), ty("i32", 5)])).toEqual(ty("f64", 5, 2, 3));
    expect(typeOf("take", [ty("f32", 10), ty("i32")])).toEqual(ty("f32"));
    expect(typeOf("take", [ty("f32", 10, 4), ty("i32")])).toEqual(ty("f32", 4));
  });

  it("rejects float ids (E0345), integer or scalar tables (E0346), naming the types", () => {
    expect(typeOf("take", [ty("f32", 10, 4), ty("f32", B)])).toEqual({
      error: "take: ids must be i32 row indices, got f32[B]",
      code: "E0345",
      help: "declare the ids as integers, e.g. `ids: i32[B]`",
    });
    expect(typeOf("take", [ty("i32", B), ty("f32", 10, 4)])).toMatchObject({
      error: "take: the table i32[B] is not floating-point; the table must be a float tensor of rank ≥ 1",
      code: "E0346",
    });
    expect(typeOf("take", [ty("f32"), ty("i32", 3)])).toMatchObject({ code: "E0346", error: expect.stringContaining("has no axis") as string });
  });
});

describe("scatter_add: type rule", () => {
  it("i32[...I] and f[...I, ...D] with rows = V give f[V, ...D]", () => {
    expect(typeOf("scatter_add", [ty("i32", B, 7), ty("f32", B, 7, 4)], { rows: 10 })).toEqual(ty("f32", 10, 4));
    expect(typeOf("scatter_add", [ty("i32"), ty("f64", 3)], { rows: 2 })).toEqual(ty("f64", 2, 3));
    expect(typeOf("scatter_add", [ty("i32", 3), ty("f64", 3)], { rows: sym("V") })).toEqual(ty("f64", sym("V")));
  });

  it("rejects updates that do not start with the ids' shape, float ids and bad rows", () => {
    expect(typeOf("scatter_add", [ty("i32", 3), ty("f32", 4, 2)], { rows: 5 })).toMatchObject({ code: "E0301" });
    expect(typeOf("scatter_add", [ty("i32", 3, 2), ty("f32", 3)], { rows: 5 })).toMatchObject({ code: "E0301" });
    expect(typeOf("scatter_add", [ty("f32", 3), ty("f32", 3)], { rows: 5 })).toMatchObject({ code: "E0345" });
    expect(typeOf("scatter_add", [ty("i32", 3), ty("i32", 3)], { rows: 5 })).toMatchObject({ code: "E0201" });
    expect(typeOf("scatter_add", [ty("i32", 3), ty("f32", 3)], { rows: 0 })).toMatchObject({ code: "E0900" });
    expect(typeOf("scatter_add", [ty("i32", 3), ty("f32", 3)], {})).toMatchObject({ code: "E0900" });
  });
});

describe("reference evaluation", () => {
  const E = t([3, 2], [1, 2, 10, 20, 100, 200]);

  it("take copies the named rows, repeats included", () => {
    expect(vals(lookupOp("take")!.evaluate([E, t([2, 2], [2, 0, 2, 1])], ctx([2, 2, 2])))).toEqual([100, 200, 1, 2, 100, 200, 10, 20]);
    expect(vals(lookupOp("take")!.evaluate([t([3], [5, 6, 7]), t([], [1])], ctx([])))).toEqual([6]);
  });

  it("scatter_add sums the updates of equal ids and leaves unnamed rows 0", () => {
    const ids = t([3], [2, 0, 2]);
    const upd = t([3, 2], [1, 2, 3, 4, 5, 6]);
    expect(vals(lookupOp("scatter_add")!.evaluate([ids, upd], ctx([4, 2], { rows: 4 })))).toEqual([3, 4, 0, 0, 6, 8, 0, 0]);
  });

  it("take and scatter_add are adjoint: ⟨take(E, ids), U⟩ = ⟨E, scatter_add(ids, U)⟩", () => {
    const ids = t([4], [1, 1, 0, 2]);
    const U = t([4, 2], [0.5, -1, 2, 3, -4, 0.25, 7, 1]);
    const Y = lookupOp("take")!.evaluate([E, ids], ctx([4, 2]));
    const S = lookupOp("scatter_add")!.evaluate([ids, U], ctx([3, 2], { rows: 3 }));
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    expect(dot(Y.data, U.data)).toBe(dot(E.data, S.data));
    // rows read: E[1], E[1], E[0], E[2] → 10·0.5 − 20 + 10·2 + 20·3 − 4 + 2·0.25 + 700 + 200
    expect(dot(Y.data, U.data)).toBe(961.5);
  });

  it("an id outside [0, V) or a fractional id throws a clear error instead of reading out of bounds", () => {
    const take = lookupOp("take")!;
    expect(() => take.evaluate([E, t([2], [0, 3])], ctx([2, 2]))).toThrow(RangeError);
    expect(() => take.evaluate([E, t([2], [0, 3])], ctx([2, 2]))).toThrow("take: id 3 is out of range: ids must be whole numbers in [0, 3) for a table of 3 rows");
    expect(() => take.evaluate([E, t([1], [-1])], ctx([1, 2]))).toThrow("take: id -1 is out of range");
    expect(() => take.evaluate([E, t([1], [0.5])], ctx([1, 2]))).toThrow("take: id 0.5 is out of range");
    const scatter = lookupOp("scatter_add")!;
    expect(() => scatter.evaluate([t([1], [4]), t([1, 2], [1, 1])], ctx([4, 2], { rows: 4 }))).toThrow("scatter_add: id 4 is out of range");
  });
});

describe("VJP rules", () => {
  it("take's table gradient is scatter_add with rows = V; scatter_add's update gradient is take; ids get none", () => {
    const b = new GraphBuilder(lookupOp);
    const E = b.add("param", [], { dtype: "f32", shape: [5, 3] }, { name: "E" });
    const ids = b.add("input", [], { role: "model", dtype: "i32", shape: [B] }, { name: "ids" });
    const y = b.add("take", [E, ids]);
    const dy = b.add("input", [], { role: "cotangent", dtype: "f32", shape: [B, 3] }, { name: "dy" });
    const node = b.get(y);
    const [dE, dIds] = lookupOp("take")!.vjp({ b, node, inputs: [b.get(E), b.get(ids)], cot: dy, wanted: [true, true] });
    expect(dIds).toBeNull();
    expect(b.get(dE!)).toMatchObject({ op: "scatter_add", inputs: [ids, dy], attrs: { rows: 5 }, type: ty("f32", 5, 3) });
    const dz = b.add("input", [], { role: "cotangent", dtype: "f32", shape: [5, 3] }, { name: "dz" });
    const [dI, dU] = lookupOp("scatter_add")!.vjp({ b, node: b.get(dE!), inputs: [b.get(ids), b.get(dy)], cot: dz, wanted: [true, true] });
    expect(dI).toBeNull();
    expect(b.get(dU!)).toMatchObject({ op: "take", inputs: [dz, ids], type: ty("f32", B, 3) });
  });

  it("builds nothing when the float operand's gradient is not wanted", () => {
    const b = new GraphBuilder(lookupOp);
    const E = b.add("param", [], { dtype: "f32", shape: [5, 3] }, { name: "E" });
    const ids = b.add("input", [], { role: "model", dtype: "i32", shape: [2] }, { name: "ids" });
    const y = b.add("take", [E, ids]);
    const before = b.all().length;
    expect(lookupOp("take")!.vjp({ b, node: b.get(y), inputs: [b.get(E), b.get(ids)], cot: y, wanted: [false, false] })).toEqual([null, null]);
    expect(b.all().length).toBe(before);
  });
});
