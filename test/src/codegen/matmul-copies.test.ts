/**
 * The products matmul runs on copied operands (codegen-ts kernels/linalg.ts PACK) choose as they run:
 * a weight gradient Aᵀ·B whose K is 16 times the batch's rows copies Aᵀ only from K = 128 on, and an
 * input gradient A·Bᵀ with M = 16·rows copies Bᵀ into panels only from M = 128 on. Both ways give the
 * interpreter's output and gradients, and the copies run exactly where the gate lets them.
 */
import { differentiate } from "@nnc/autodiff";
import { dimMul, sym, type TensorType } from "@nnc/ir";
import { GraphBuilder, lookupOp, mulberry32 } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { compareWithInterpreter, generateFrom, loadClass, randomValues, type FromModel } from "./test-harness.ts";

const ROWS16 = dimMul(16, sym("B"));

/**
 * y = x @ W (x: f32[16·B, 8], W: f32[8, 32]), then h = y @ Vᵀ (V: f32[48, 32]): the forward's A·Bᵀ has
 * M = 16·B and N = 48 (Bᵀ in panels), and the weight gradients dW = xᵀ·dy and dV = dhᵀ·y have K = 16·B.
 */
function model(): { model: FromModel["model"]; wrt: string[] } {
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
  return { model: { name: "T", graph: b.finish([{ name: "h", id: h }]), train: { loss } }, wrt: [x, W, V] };
}

/** The copies (viewTransposeSimd, mmPanelsSimd) that ran their kernel in one trainStep of `rows` rows. */
function copiesRun(rows: number): string[] {
  const { model: m, wrt } = model();
  const grad = differentiate({ graph: m.graph, of: m.train!.loss, wrt });
  const gen = generateFrom({ model: m, grad, optimizer: null, dtype: "f32", target: "js", source: { file: "t.nn" } });
  expect(gen.code).toMatch(/>= 128 && \w+\.viewTransposeSimd\(/);
  expect(gen.code).toMatch(/>= 128 && \w+\.mmPanelsSimd\(/);
  const Cls = loadClass(gen.code, gen.className);
  const ran = new Set<string>();
  for (const name of ["viewTransposeSimd", "mmPanelsSimd"]) {
    const helper: unknown = Reflect.get(Cls, name);
    if (typeof helper !== "function") throw new Error(`no ${name}`);
    Reflect.set(Cls, name, (...args: unknown[]): unknown => {
      const took: unknown = Reflect.apply(helper, Cls, args);
      if (took === true) ran.add(name);
      return took;
    });
  }
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
      expect(copiesRun(rows)).toEqual(copies);
      const { model: m, wrt } = model();
      const grad = differentiate({ graph: m.graph, of: m.train!.loss, wrt });
      const r = compareWithInterpreter(m, grad, { dtype: "f32", rows });
      expect(r.maxError, r.worst).toBeLessThanOrEqual(1e-4);
      expect(r.compared.length).toBeGreaterThan(3);
    });
  }
});
