import { describe, expect, it } from "vitest";
import { sym, tensorType, type Attrs, type Dim } from "@nnc/ir";
import { lookupOp } from "../table.ts";
import { isTypeError, type OpDef } from "../op-def.ts";
import { mulberry32 } from "../prng.ts";
import { sizeOf, tensor, type Tensor } from "../tensor.ts";

const B = sym("B");
const f32 = (...shape: Dim[]) => tensorType("f32", shape);

function def(name: string): OpDef {
  const d = lookupOp(name);
  if (d === undefined) throw new Error(`no op ${name}`);
  return d;
}

function run(name: string, inputs: readonly Tensor[], attrs: Attrs = {}): Tensor {
  const d = def(name);
  const ty = d.type(inputs.map((x) => tensorType("f64", x.shape)), attrs);
  if (isTypeError(ty)) throw new Error(ty.error);
  return d.evaluate(inputs, { attrs, outShape: ty.shape as number[], dims: {}, training: false });
}

const rand = mulberry32(7);
function random(shape: readonly number[]): Tensor {
  return tensor(shape, Array.from({ length: sizeOf(shape) }, () => rand() * 4 - 2));
}

function dot(a: Tensor, b: Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return a.data.reduce((s, v, i) => s + v * b.data[i]!, 0);
}

const grid3 = tensor([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);

describe("conv2d evaluate", () => {
  it("a 1×1×3×3 input with a 2×2 kernel", () => {
    const y = run("conv2d", [grid3, tensor([1, 1, 2, 2], [1, 2, 3, 4])]);
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect([...y.data]).toEqual([37, 47, 67, 77]);
  });

  it("pad 1 with a 3×3 ones kernel sums each neighbourhood", () => {
    const y = run("conv2d", [grid3, tensor([1, 1, 3, 3], new Array<number>(9).fill(1))], { pad: 1 });
    expect([...y.data]).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28]);
  });

  it("stride 2 pad 1 keeps every other position", () => {
    const y = run("conv2d", [grid3, tensor([1, 1, 3, 3], new Array<number>(9).fill(1))], { stride: 2, pad: 1 });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect([...y.data]).toEqual([12, 16, 24, 28]);
  });

  it("channels are summed per output filter", () => {
    const x = tensor([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    const k = tensor([2, 2, 1, 1], [1, 1, 1, -1]);
    expect([...run("conv2d", [x, k]).data]).toEqual([6, 8, 10, 12, -4, -4, -4, -4]);
  });
});

describe("conv2d gradient ops are its transposes", () => {
  const cases = [
    { x: [2, 3, 5, 5], k: [4, 3, 3, 3], stride: 1, pad: 0 },
    { x: [2, 3, 5, 5], k: [4, 3, 3, 3], stride: 2, pad: 1 },
    { x: [1, 2, 6, 6], k: [3, 2, 3, 3], stride: 2, pad: 1 },
    { x: [1, 2, 5, 5], k: [2, 2, 2, 2], stride: 2, pad: 0 },
  ];
  for (const c of cases) {
    it(`⟨conv2d(x,k), dy⟩ = ⟨x, input_grad(dy,k)⟩ = ⟨k, weight_grad(x,dy)⟩ for x ${JSON.stringify(c.x)} stride ${c.stride} pad ${c.pad}`, () => {
      const attrs = { stride: c.stride, pad: c.pad };
      const x = random(c.x);
      const k = random(c.k);
      const y = run("conv2d", [x, k], attrs);
      const dy = random(y.shape);
      const dx = run("conv2d_input_grad", [dy, k], { ...attrs, inputShape: c.x });
      const dk = run("conv2d_weight_grad", [x, dy], { ...attrs, kernelShape: c.k });
      const ref = dot(y, dy);
      expect(dot(x, dx)).toBeCloseTo(ref, 10);
      expect(dot(k, dk)).toBeCloseTo(ref, 10);
    });
  }

  it("rows the floor drops get a zero input gradient", () => {
    // H = 5, KH = 2, stride 2: windows cover rows 0..3, row 4 and column 4 are never read.
    const dx = run("conv2d_input_grad", [tensor([1, 1, 2, 2], [1, 1, 1, 1]), tensor([1, 1, 2, 2], [1, 1, 1, 1])], { stride: 2, inputShape: [1, 1, 5, 5] });
    expect([...dx.data]).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });
});

const x4 = tensor([1, 1, 4, 4], [1, 2, 5, 3, 4, 0, 1, 2, 7, 8, 3, 3, 6, 9, 2, 4]);

describe("pooling evaluate", () => {
  it("maxpool2d of a 4×4", () => {
    expect([...run("maxpool2d", [x4], { size: 2 }).data]).toEqual([4, 5, 9, 4]);
  });

  it("maxpool2d_grad routes each cotangent to its window's maximum", () => {
    const dx = run("maxpool2d_grad", [x4, tensor([1, 1, 2, 2], [1, 2, 3, 4])], { size: 2 });
    expect([...dx.data]).toEqual([0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4]);
  });

  it("ties go to the first maximum in row-major order", () => {
    const x = tensor([1, 1, 2, 4], [3, 1, 2, 5, 3, 3, 5, 5]);
    const dx = run("maxpool2d_grad", [x, tensor([1, 1, 1, 2], [1, 10])], { size: 2 });
    expect([...dx.data]).toEqual([1, 0, 0, 10, 0, 0, 0, 0]);
  });

  it("overlapping windows accumulate", () => {
    const x = tensor([1, 1, 3, 3], [1, 2, 3, 4, 9, 5, 6, 7, 8]);
    expect([...run("maxpool2d", [x], { size: 2, stride: 1 }).data]).toEqual([9, 9, 9, 9]);
    const dx = run("maxpool2d_grad", [x, tensor([1, 1, 2, 2], [1, 2, 3, 4])], { size: 2, stride: 1 });
    expect([...dx.data]).toEqual([0, 0, 0, 0, 10, 0, 0, 0, 0]);
  });

  it("maxpool2d_gather reads g at the argmaxes and is the transpose of maxpool2d_grad", () => {
    const g = tensor([1, 1, 4, 4], Array.from({ length: 16 }, (_, i) => i));
    expect([...run("maxpool2d_gather", [x4, g], { size: 2 }).data]).toEqual([4, 2, 13, 15]);
    const x = random([2, 2, 5, 5]);
    const dy = random([2, 2, 3, 3]);
    const gg = random([2, 2, 5, 5]);
    const attrs = { size: 3, stride: 1 };
    expect(dot(run("maxpool2d_grad", [x, dy], attrs), gg)).toBeCloseTo(dot(dy, run("maxpool2d_gather", [x, gg], attrs)), 10);
  });

  it("avgpool2d and avgpool2d_grad", () => {
    expect([...run("avgpool2d", [x4], { size: 2 }).data]).toEqual([1.75, 2.75, 7.5, 3]);
    const dx = run("avgpool2d_grad", [tensor([1, 1, 2, 2], [4, 8, 12, 16])], { size: 2, inputShape: [1, 1, 5, 5] });
    expect([...dx.data]).toEqual([1, 1, 2, 2, 0, 1, 1, 2, 2, 0, 3, 3, 4, 4, 0, 3, 3, 4, 4, 0, 0, 0, 0, 0, 0]);
    const x = random([2, 3, 6, 6]);
    const dy = random([2, 3, 2, 2]);
    const attrs = { size: 3, stride: 2 };
    expect(dot(run("avgpool2d", [x], attrs), dy)).toBeCloseTo(dot(x, run("avgpool2d_grad", [dy], { ...attrs, inputShape: [2, 3, 6, 6] })), 10);
  });
});

describe("conv and pool type rules", () => {
  it("conv2d output shapes, with a symbolic batch", () => {
    expect(def("conv2d").type([f32(B, 1, 28, 28), f32(8, 1, 3, 3)], {})).toEqual(f32(B, 8, 26, 26));
    expect(def("conv2d").type([f32(B, 3, 5, 5), f32(4, 3, 3, 3)], { stride: 2, pad: 1 })).toEqual(f32(B, 4, 3, 3));
    expect(def("conv2d").type([f32(1, 2, 6, 6), f32(3, 2, 3, 3)], { stride: 2, pad: 1 })).toEqual(f32(1, 3, 3, 3));
  });

  it("E0306: channel disagreement", () => {
    expect(def("conv2d").type([f32(B, 3, 28, 28), f32(8, 1, 3, 3)], {})).toEqual({
      error: "conv2d: input has 3 channels but the kernel expects 1",
      code: "E0306",
      help: "a kernel for this input has shape [O, 3, KH, KW] (its second dim is the input channel count)",
    });
  });

  it("E0307: output size ≤ 0 states H, KH, stride and pad", () => {
    expect(def("conv2d").type([f32(B, 1, 2, 28), f32(8, 1, 5, 3)], { stride: 2, pad: 1 })).toEqual({
      error: "conv2d: output height would be 0: H = 2, KH = 5, stride = 2, pad = 1 give ⌊(2 + 2·1 − 5)/2⌋ + 1 = 0",
      code: "E0307",
      help: "use a smaller kernel or more padding, or convolve a larger input",
    });
    expect(def("conv2d").type([f32(B, 1, 8, 2), f32(8, 1, 3, 3)], {})).toMatchObject({ code: "E0307", error: "conv2d: output width would be 0: W = 2, KW = 3, stride = 1, pad = 0 give ⌊(2 − 3)/1⌋ + 1 = 0" });
    expect(def("maxpool2d").type([f32(B, 8, 1, 26)], { size: 2 })).toMatchObject({ code: "E0307", error: "maxpool2d: output height would be 0: H = 1, size = 2, stride = 2 give ⌊(1 − 2)/2⌋ + 1 = 0" });
    expect(def("conv2d").type([f32(B, 1, 8, 8), f32(8, 1, 3, 3)], { stride: 0 })).toMatchObject({ code: "E0307", error: "conv2d: stride must be an integer ≥ 1, got 0" });
  });

  it("E0308: only the batch dim may be symbolic; rank and dtype checks", () => {
    expect(def("conv2d").type([f32(B, 1, B, 5), f32(8, 1, 3, 3)], {})).toEqual({ error: "conv2d: input [B, 1, B, 5] has a symbolic H dim 'B'; only the batch dim may be symbolic", code: "E0308" });
    expect(def("avgpool2d").type([f32(2, B, 4, 4)], { size: 2 })).toMatchObject({ code: "E0308" });
    expect(def("conv2d").type([f32(B, 784), f32(8, 1, 3, 3)], {})).toMatchObject({ code: "E0301", error: "conv2d: input must have rank 4 (N, C, H, W), got f32[B, 784]" });
    expect(def("conv2d").type([tensorType("i32", [1, 1, 4, 4]), f32(8, 1, 3, 3)], {})).toMatchObject({ code: "E0201" });
  });

  it("gradient ops: shapes from attributes, cotangent checked", () => {
    expect(def("conv2d_input_grad").type([f32(B, 8, 26, 26), f32(8, 1, 3, 3)], { inputShape: [B, 1, 28, 28] })).toEqual(f32(B, 1, 28, 28));
    expect(def("conv2d_weight_grad").type([f32(B, 1, 28, 28), f32(B, 8, 26, 26)], { kernelShape: [8, 1, 3, 3] })).toEqual(f32(8, 1, 3, 3));
    expect(def("conv2d_input_grad").type([f32(B, 8, 25, 26), f32(8, 1, 3, 3)], { inputShape: [B, 1, 28, 28] })).toEqual({ error: "conv2d_input_grad: cotangent shape differs from the conv output shape: [B, 8, 25, 26] vs [B, 8, 26, 26]", code: "E0301" });
    expect(def("maxpool2d_grad").type([f32(B, 8, 26, 26), f32(B, 8, 13, 13)], { size: 2 })).toEqual(f32(B, 8, 26, 26));
    expect(def("maxpool2d_gather").type([f32(B, 8, 26, 26), f32(B, 8, 26, 26)], { size: 2 })).toEqual(f32(B, 8, 13, 13));
    expect(def("avgpool2d_grad").type([f32(B, 8, 13, 13)], { size: 2, inputShape: [B, 8, 26, 26] })).toEqual(f32(B, 8, 26, 26));
    expect(def("avgpool2d_grad").type([f32(B, 8, 12, 13)], { size: 2, inputShape: [B, 8, 26, 26] })).toMatchObject({ code: "E0301" });
  });
});
