import { sym, tensorType, type Dim } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { broadcastAxes, broadcastTo, constant, reshapeTo, scale, sumTo, zerosLike } from "./build-helpers.ts";
import { GraphBuilder } from "./builder.ts";
import { lookupOp } from "./table.ts";

const B = sym("B");

function withInput(shape: Dim[]): { b: GraphBuilder; x: string } {
  const b = new GraphBuilder(lookupOp);
  const x = b.addTyped("input", [], { role: "model", dtype: "f32", shape }, tensorType("f32", shape), { name: "x" });
  return { b, x };
}

describe("build helpers", () => {
  it("broadcastAxes finds added and expanded axes", () => {
    expect(broadcastAxes([3, 1], [2, 3, 4])).toEqual({ added: [0], expanded: [2] });
    expect(broadcastAxes([B, 1], [B, 10])).toEqual({ added: [], expanded: [1] });
    expect(broadcastAxes([B], [3])).toBeUndefined();
    expect(broadcastAxes([2, 3], [3])).toBeUndefined();
  });
  it("add no node when the shape already fits", () => {
    const { b, x } = withInput([B, 3]);
    expect(broadcastTo(b, x, [B, 3])).toBe(x);
    expect(sumTo(b, x, [B, 3])).toBe(x);
    expect(reshapeTo(b, x, [B, 3])).toBe(x);
    expect(scale(b, x, 1)).toBe(x);
    expect(b.all()).toHaveLength(1);
  });
  it("sumTo reduces added and expanded axes, then reshapes", () => {
    const { b, x } = withInput([2, 3, 4]);
    const s = sumTo(b, x, [3, 1]);
    expect(b.type(s)).toEqual(tensorType("f32", [3, 1]));
    expect(b.all().map((n) => [n.op, n.attrs])).toEqual([
      ["input", { role: "model", dtype: "f32", shape: [2, 3, 4] }],
      ["reduce_sum", { axes: [0, 2], keepdims: false }],
      ["reshape", { shape: [3, 1] }],
    ]);
    const { b: b2, x: y } = withInput([B, 10]);
    expect(b2.type(sumTo(b2, y, [10]))).toEqual(tensorType("f32", [10]));
    expect(b2.all().map((n) => n.op)).toEqual(["input", "reduce_sum"]);
  });
  it("broadcastTo, constant, zerosLike and scale build typed nodes", () => {
    const { b, x } = withInput([3]);
    expect(b.type(broadcastTo(b, x, [B, 3]))).toEqual(tensorType("f32", [B, 3]));
    const c = constant(b, 2, tensorType("f64", [2]));
    expect(b.get(c)).toMatchObject({ op: "const", attrs: { value: 2, dtype: "f64", shape: [2] } });
    expect(b.get(zerosLike(b, x))).toMatchObject({ op: "const", attrs: { value: 0, dtype: "f32", shape: [3] } });
    expect(b.get(scale(b, x, -1)).op).toBe("neg");
    const s = b.get(scale(b, x, 0.5));
    expect(s.op).toBe("mul");
    expect(b.get(s.inputs[1]!).attrs).toEqual({ value: 0.5, dtype: "f32", shape: [3] });
    expect(() => sumTo(b, x, [4])).toThrow("sumTo: [4] does not broadcast to [3]");
  });
});
