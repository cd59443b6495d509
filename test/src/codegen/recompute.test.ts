/**
 * Cheap values read by several elementwise users are computed again in each user's loop instead of
 * stored (codegen-ts plan.ts, RECOMPUTED): the value then never rounds to float32 on its own (the
 * users' float64 expressions carry it), no array holds it, and a value reading a broadcast operand
 * (a bias row) is still stored, so its users' loops keep one shape of operands.
 */
import { describe, expect, it } from "vitest";
import { generateFrom, loadClass } from "./test-harness.ts";
import { lowerSource } from "./test-programs.ts";

function compile(text: string): { code: string; model: InstanceType<ReturnType<typeof loadClass>> } {
  const model = lowerSource("recompute.nn", text, "f32")[0]!;
  const gen = generateFrom({ model, grad: null, optimizer: null, dtype: "f32", target: "js", source: { file: "recompute.nn" } });
  return { code: gen.code, model: new (loadClass(gen.code, gen.className))(1) };
}

const SHARED = `dim B
model M(x: f32[B, 4], w: f32[B, 4]) -> (y: f32[B, 4], z: f32[B, 4]) {
  a = x * w
  y = relu(a)
  z = a - x
}
`;

describe("a cheap value with several elementwise users", () => {
  it("is computed in each user's loop, unrounded: z = x·w − x rounds once", () => {
    const { code, model } = compile(SHARED);
    // x = w = 1 + 2⁻²⁰: x·w = 1 + 2⁻¹⁹ + 2⁻⁴⁰, whose float32 rounding drops 2⁻⁴⁰; stored, z would be 2⁻²⁰.
    const v = 1 + 2 ** -20;
    model.inputs["x"]!.set([v, -2, 3, 0.5]);
    model.inputs["w"]!.set([v, 0.25, -1, 4]);
    model.forward(1);
    expect(Array.from(model.outputs["z"]!)).toEqual([2 ** -20 + 2 ** -40, 1.5, -6, 1.5]);
    expect(Array.from(model.outputs["y"]!)).toEqual([Math.fround(v * v), 0, 0, 2]);
    expect(code).toMatch(/const a = x\[_i\] \* w\[_i\];/);
    expect(code).not.toMatch(/\ba\[_i\] =/);
  });

  it("is stored when it reads a broadcast operand (a bias row)", () => {
    const { code, model } = compile(SHARED.replace("a = x * w", "param b: f32[4] = ones()\n  a = x * w + b"));
    model.initParams(1);
    model.inputs["x"]!.set([1, 2, 3, 4]);
    model.inputs["w"]!.set([1, 1, -1, 0.5]);
    model.forward(1);
    expect(Array.from(model.outputs["z"]!)).toEqual([1, 1, -5, -1]);
    expect(code).toMatch(/\ba\[_\w+\] = /);
  });
});
