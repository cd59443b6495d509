import { describe, expect, it } from "vitest";
import { sym, tensorType, type Attrs, type Dim, type DType } from "@nnc/ir";
import { lookupOp } from "../table.ts";
import { isTypeError, type OpDef } from "../op-def.ts";
import { tensor, type Tensor } from "../tensor.ts";

const B = sym("B");
const t = (dtype: DType, ...shape: Dim[]) => tensorType(dtype, shape);

function def(name: string): OpDef {
  const d = lookupOp(name);
  if (d === undefined) throw new Error(`no op ${name}`);
  return d;
}

/** Integer (label) operands of each op, by position. */
const LABEL_OPERAND: Readonly<Record<string, number>> = { cross_entropy: 1, one_hot: 0 };

function run(name: string, inputs: readonly Tensor[], attrs: Attrs = {}): Tensor {
  const d = def(name);
  const ty = d.type(inputs.map((x, i) => tensorType(LABEL_OPERAND[name] === i ? "i32" : "f64", x.shape)), attrs);
  if (isTypeError(ty)) throw new Error(ty.error);
  return d.evaluate(inputs, { attrs, outShape: ty.shape as number[], dims: {}, training: false });
}

function close(got: Tensor, want: readonly number[], digits = 12): void {
  expect(got.data.length).toBe(want.length);
  want.forEach((w, i) => {
    expect(got.data[i]).toBeCloseTo(w, digits);
  });
}

describe("softmax / log_softmax evaluate", () => {
  it("softmax of [1, 2, 3]", () => {
    const s = Math.exp(1) + Math.exp(2) + Math.exp(3);
    close(run("softmax", [tensor([3], [1, 2, 3])], { axis: 0 }), [Math.exp(1) / s, Math.exp(2) / s, Math.exp(3) / s]);
    close(run("softmax", [tensor([3], [1, 2, 3])], { axis: 0 }), [0.09003057317038046, 0.24472847105479767, 0.6652409557748219]);
  });

  it("softmax along axis 0 normalises columns", () => {
    const y = run("softmax", [tensor([2, 2], [0, 0, Math.log(3), 0])], { axis: 0 });
    close(y, [0.25, 0.5, 0.75, 0.5]);
  });

  it("log_softmax of [1000, 0, -1000] is finite: [0, -1000, -2000]", () => {
    const y = run("log_softmax", [tensor([3], [1000, 0, -1000])], { axis: 0 });
    expect([...y.data]).toEqual([0, -1000, -2000]);
  });

  it("softmax of huge logits does not overflow", () => {
    const y = run("softmax", [tensor([1, 3], [1000, 0, -1000])], { axis: 1 });
    expect([...y.data]).toEqual([1, 0, 0]);
  });

  it("log_softmax on rows of a matrix", () => {
    const y = run("log_softmax", [tensor([2, 2], [0, 0, 1, 1])], { axis: 1 });
    close(y, [-Math.LN2, -Math.LN2, -Math.LN2, -Math.LN2]);
  });
});

describe("cross_entropy / bce_with_logits / one_hot evaluate", () => {
  it("cross_entropy at logits [1000, 0, -1000]", () => {
    const logits = tensor([3, 3], [1000, 0, -1000, 1000, 0, -1000, 1000, 0, -1000]);
    const y = run("cross_entropy", [logits, tensor([3], [0, 1, 2])]);
    expect([...y.data]).toEqual([0, 1000, 2000]);
  });

  it("cross_entropy = logsumexp − logit of the label", () => {
    const y = run("cross_entropy", [tensor([2], [1, 3]), tensor([], [0])]);
    close(y, [Math.log(Math.exp(1) + Math.exp(3)) - 1]);
  });

  it("a label out of range throws naming the label and C", () => {
    expect(() => run("cross_entropy", [tensor([1, 3], [1, 2, 3]), tensor([1], [3])])).toThrow("cross_entropy: label 3 is out of range: labels must be whole numbers in [0, 3) for 3 classes");
    expect(() => run("cross_entropy", [tensor([1, 3], [1, 2, 3]), tensor([1], [-1])])).toThrow("label -1");
  });

  it("bce_with_logits, stable at large |z|", () => {
    const z = tensor([5], [0, 1000, -1000, 2, -3]);
    const tt = tensor([5], [1, 0, 0, 0.5, 1]);
    close(run("bce_with_logits", [z, tt]), [Math.LN2, 1000, 0, 1 + Math.log1p(Math.exp(-2)), 3 + Math.log1p(Math.exp(-3))]);
  });

  it("one_hot", () => {
    const y = run("one_hot", [tensor([3], [2, 0, 1])], { classes: 3, dtype: "f64" });
    expect(y.shape).toEqual([3, 3]);
    expect([...y.data]).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(() => run("one_hot", [tensor([1], [5])], { classes: 3, dtype: "f64" })).toThrow("one_hot: label 5 is out of range");
  });
});

describe("nn type rules", () => {
  it("softmax keeps the type; axis and dtype are checked", () => {
    expect(def("softmax").type([t("f32", B, 10)], { axis: 1 })).toEqual(t("f32", B, 10));
    expect(def("log_softmax").type([t("f32", B, 10)], {})).toEqual(t("f32", B, 10));
    expect(def("softmax").type([t("f32", B, 10)], { axis: 2 })).toEqual({ error: "softmax: axis 2 is out of range for f32[B, 10] (rank 2)", code: "E0303", help: "axes run from 0 to 1 (or -2 to -1)" });
    expect(def("softmax").type([t("i32", 3)], { axis: 0 })).toMatchObject({ code: "E0201" });
    expect(def("log_softmax").type([t("f32")], {})).toMatchObject({ code: "E0303" });
  });

  it("cross_entropy: labels i32 of the leading shape", () => {
    expect(def("cross_entropy").type([t("f32", B, 10), t("i32", B)], {})).toEqual(t("f32", B));
    expect(def("cross_entropy").type([t("f64", 2, 3, 4), t("i32", 2, 3)], {})).toEqual(t("f64", 2, 3));
    expect(def("cross_entropy").type([t("f32", B, 10), t("f32", B)], {})).toEqual({
      error: "cross_entropy: labels must be i32 class indices, got f32[B]",
      code: "E0202",
      help: "declare the labels as integers, e.g. `input label: i32[B]`",
    });
    expect(def("cross_entropy").type([t("f32", B, 10), t("i32", 10)], {})).toEqual({
      error: "cross_entropy: labels i32[10] do not match logits f32[B, 10]: labels need shape [B] (the logits' shape without the class axis)",
      code: "E0301",
    });
    expect(def("cross_entropy").type([t("f32"), t("i32")], {})).toMatchObject({ code: "E0301" });
  });

  it("bce_with_logits: equal shapes and float dtypes", () => {
    expect(def("bce_with_logits").type([t("f32", B, 1), t("f32", B, 1)], {})).toEqual(t("f32", B, 1));
    expect(def("bce_with_logits").type([t("f32", B, 1), t("f32", B)], {})).toEqual({ error: "bce_with_logits: logits and targets must have equal shapes: [B, 1] vs [B]", code: "E0301" });
    expect(def("bce_with_logits").type([t("f32", 3), t("i32", 3)], {})).toMatchObject({ code: "E0201" });
    expect(def("bce_with_logits").type([t("f32", 3), t("f64", 3)], {})).toMatchObject({ code: "E0201" });
  });

  it("one_hot appends the class axis (concrete or symbolic)", () => {
    expect(def("one_hot").type([t("i32", B)], { classes: 10, dtype: "f32" })).toEqual(t("f32", B, 10));
    expect(def("one_hot").type([t("i32", 4)], { classes: sym("C"), dtype: "f64" })).toEqual(t("f64", 4, sym("C")));
    expect(def("one_hot").type([t("f32", 4)], { classes: 3, dtype: "f32" })).toMatchObject({ code: "E0202" });
  });
});
