/**
 * The products matmul runs on copied operands (codegen-ts kernels/linalg.ts PACK) choose as they run:
 * a weight gradient Aᵀ·B whose K is 16 times the batch's rows copies Aᵀ only from K = 128 on, and an
 * input gradient A·Bᵀ with M = 16·rows copies Bᵀ into panels only from M = 128 on. Both ways give the
 * interpreter's output and gradients, and the copies run exactly where the gate lets them.
 */
import { dimMul, sym, type TensorType } from "@nnc/ir";
import { GraphBuilder, lookupOp, mulberry32 } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { differentiate, type GradResult } from "@nnc/autodiff";
import { compareWithInterpreter, generateFrom, loadClass, randomValues, recordSimdRuns, type FromModel } from "./test-harness.ts";

const ROWS16 = dimMul(16, sym("B"));

/**
 * y = x @ W (x: f32[16·B, 8], W: f32[8, 32]), then h = y @ Vᵀ (V: f32[48, 32]): the forward's A·Bᵀ has
 * M = 16·B and N = 48 (Bᵀ in panels), and the weight gradients dW = xᵀ·dy and dV = dhᵀ·y have K = 16·B.
 */
function model(): { model: FromModel["model"]; grad: GradResult } {
  const b = new GraphBuilder(lookupOp, "T", {}, ["B"]);
  const input = (name: string, t: TensorType): string => b.addTyped("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, t, { name });
  const x = input("x", { dtype: "f32", shape: [ROWS16, 8] });
  const W = input("W", { dtype: "f32", shape: [8, 32] });
  const V = input("V", { dtype: "f32", shape: [48, 32] });
  const y = b.add("matmul", [x, W], {}, { name: "y" });
  const h = b.add("matmul", [y, V], { transB: true }, { name: "h" });
  const ht = b.type(h);
  const c = b.addTyped("input", [], { role: "train", dtype: "f32", shape: ht.shape }, ht, { name: "c" });
  const loss = b.add("reduce_sum", [b.add("mul", [h, c])], { axes: [0, 1], keepdims: false }, { name: "loss" });
  const graph = b.finish([{ name: "h", id: h }]);
  return { model: { name: "T", graph, train: { loss } }, grad: differentiate({ graph, of: loss, wrt: [x, W, V] }) };
}

/** The copies (viewTransposeSimd, mmPanelsSimd) that ran their kernel in one trainStep of `rows` rows. */
function copiesRun(m: FromModel["model"], grad: GradResult, rows: number): string[] {
  const gen = generateFrom({ model: m, grad, optimizer: null, dtype: "f32", target: "js", source: { file: "t.nn" } });
  expect(gen.code).toMatch(/>= 128 && \w+\.viewTransposeSimd\(/);
  expect(gen.code).toMatch(/>= 128 && \w+\.mmPanelsSimd\(/);
  const Cls = loadClass(gen.code, gen.className);
  const ran = recordSimdRuns(Cls, ["viewTransposeSimd", "mmPanelsSimd"]);
  const cm = new Cls(rows);
  cm.initParams(1);
  const rand = mulberry32(3);
  for (const n of m.graph.nodes.filter((x) => x.op === "input")) cm.inputs[n.id]!.set(randomValues(cm.inputs[n.id]!.length, "f32", "any", rand));
  cm.trainStep(rows);
  return [...ran].sort();
}

describe("matmul's copied operands, gated by the rows at run time", () => {
  for (const [rows, copies] of [
    [2, []],
    [7, []],
    [8, ["mmPanelsSimd", "viewTransposeSimd"]],
    [9, ["mmPanelsSimd", "viewTransposeSimd"]],
  ] as const) {
    it(`${rows} rows (K = M = ${16 * rows}): ${copies.length === 0 ? "the forms as stored" : "the copies"}, equal to the interpreter`, () => {
      const { model: m, grad } = model();
      expect(copiesRun(m, grad, rows)).toEqual(copies);
      const r = compareWithInterpreter(m, grad, { dtype: "f32", rows });
      expect(r.maxError, r.worst).toBeLessThanOrEqual(1e-4);
      expect(r.compared.length).toBeGreaterThan(3);
    });
  }
});
