/**
 * Every op of the table, driven by its `samples`: the generated code's output, loss and gradients
 * equal the reference interpreter's, in three programs: the sample as written (f64 values) in an f64
 * program (≤ 1e-9 relative) and in an f32 program (f64-typed values in Float32Arrays, as an explicit
 * `f64` in a `.nn` compiled at f32), and the sample's float operands retyped f32 in an f32 program —
 * what `nnc compile` makes of an f32 model, where the kernels' f32 paths (the WebAssembly SIMD conv
 * and pool kernels, exp32) run. Both f32 programs: ≤ 1e-4 relative (the interpreter computes in f64;
 * OPS.md's gradient-check bound for float32 is 2e-3).
 */
import { differentiate } from "@nnc/autodiff";
import { dimSymbols, isFloat, type TensorType } from "@nnc/ir";
import type { FromModel } from "./test-harness.ts";
import { allOps, GraphBuilder, lookupOp, mulberry32, type OpDef, type OpSample } from "@nnc/ops";
import { describe, expect, it } from "vitest";
import { compareWithInterpreter, generateFrom, loadClass, randomValues, recordSimdRuns, type Domain } from "./test-harness.ts";

/** A sample's operand types with every float retyped `float`. */
function retyped(s: OpSample, float: "f32" | "f64"): readonly TensorType[] {
  return s.inputs.map((t) => (isFloat(t.dtype) ? { ...t, dtype: float } : t));
}

function sampleModel(op: OpDef, s: OpSample, inputs: readonly TensorType[]): { model: FromModel["model"]; differentiable: boolean; domains: Record<string, Domain> } {
  const dims = [...new Set(inputs.flatMap((t) => t.shape.flatMap(dimSymbols)))];
  const b = new GraphBuilder(lookupOp, "T", {}, dims);
  const domains: Record<string, Domain> = {};
  const ins = inputs.map((t, i) => {
    const id = b.addTyped("input", [], { role: "model", dtype: t.dtype, shape: t.shape }, t, { name: `x${i}` });
    domains[id] = s.domain?.[i] ?? "any";
    return id;
  });
  const y = b.add(op.name, ins, s.attrs, { name: "y" });
  const yt = b.type(y);
  const differentiable = isFloat(yt.dtype) && op.nonDifferentiable !== true && inputs.some((t) => isFloat(t.dtype));
  if (!differentiable) return { model: { name: "T", graph: b.finish([{ name: "y", id: y }]) }, differentiable, domains };
  const c = b.addTyped("input", [], { role: "train", dtype: yt.dtype, shape: yt.shape }, yt, { name: "c" });
  const loss = b.add("reduce_sum", [b.add("mul", [y, c])], { axes: yt.shape.map((_, i) => i), keepdims: false }, { name: "loss" });
  const graph = b.finish([{ name: "y", id: y }]);
  return { model: { name: "T", graph, train: { loss } }, differentiable, domains };
}

const cases = allOps().flatMap((op) => op.samples.map((s) => ({ op, s, name: `${op.name} ${s.label}` })));

/** The three programs: operand floats as typed (the sample's, or f32) and the program's float type. */
const RUNS = [
  { values: "sample", dtype: "f64", tolerance: 1e-9 },
  { values: "sample", dtype: "f32", tolerance: 1e-4 },
  { values: "f32", dtype: "f32", tolerance: 1e-4 },
] as const;

describe("every op: generated code equals the interpreter", () => {
  it("covers every op that has samples", () => {
    expect(cases.length).toBeGreaterThan(60);
  });
  for (const { op, s, name } of cases) {
    it(name, () => {
      for (const run of RUNS) {
        const { model, differentiable, domains } = sampleModel(op, s, run.values === "sample" ? s.inputs : retyped(s, "f32"));
        const wrt = model.graph.nodes.filter((n) => n.op === "input" && n.attrs["role"] === "model" && isFloat(n.type.dtype)).map((n) => n.id);
        const grad = differentiable ? differentiate({ graph: model.graph, of: model.train!.loss, wrt }) : null;
        const r = compareWithInterpreter(model, grad, { dtype: run.dtype, rows: 3, domains, ...(s.classes === undefined ? {} : { classes: s.classes }) });
        const label = `${run.values} values, ${run.dtype} program: ${r.worst}`;
        expect(r.maxError, label).toBeLessThanOrEqual(run.tolerance);
        expect(r.compared, label).toContain("y");
        if (differentiable) expect(r.compared.length, label).toBeGreaterThan(2);
      }
    });
  }
});

/**
 * The SIMD helpers (static methods named …Simd) of the f32 program of a sample that returned true —
 * ran their WebAssembly kernel — in one trainStep (forward without a loss) on random inputs.
 */
function simdHelpersRun(op: OpDef, s: OpSample): string[] {
  const { model, differentiable, domains } = sampleModel(op, s, retyped(s, "f32"));
  const wrt = model.graph.nodes.filter((n) => n.op === "input" && n.attrs["role"] === "model" && isFloat(n.type.dtype)).map((n) => n.id);
  const grad = differentiable ? differentiate({ graph: model.graph, of: model.train!.loss, wrt }) : null;
  const gen = generateFrom({ model, grad, optimizer: null, dtype: "f32", target: "js", source: { file: "t.nn" } });
  const Cls = loadClass(gen.code, gen.className);
  const ran = recordSimdRuns(Cls, Object.getOwnPropertyNames(Cls).filter((n) => n.endsWith("Simd")));
  const cm = new Cls(5);
  cm.initParams(1);
  const rand = mulberry32(7);
  for (const n of model.graph.nodes.filter((x) => x.op === "input")) {
    const arr = cm.inputs[n.id]!;
    arr.set(randomValues(arr.length, n.type.dtype, domains[n.id] ?? "any", rand, s.classes));
  }
  if (grad === null) cm.forward(3);
  else cm.trainStep(3);
  return [...ran].sort();
}

describe("the f32 op samples reach the WebAssembly SIMD kernels", () => {
  // Every helper with a SIMD kernel, by the op whose samples must run it at least once.
  const expected: Readonly<Record<string, readonly string[]>> = {
    softmax: ["softmaxSimd"],
    matmul: ["mmBatchSimd", "mmPanelsSimd", "viewTransposeSimd"],
    broadcast: ["viewCopySimd"],
    slice: ["viewCopySimd"],
    transpose: ["viewTransposeSimd"],
    take: ["scatterAddSimd", "takeSimd"],
    scatter_add: ["scatterAddSimd", "takeSimd"],
    conv2d: ["conv2dInputGradSimd", "conv2dSimd", "conv2dWeightGradSimd"],
    conv2d_input_grad: ["conv2dInputGradSimd", "conv2dSimd", "conv2dWeightGradSimd"],
    conv2d_weight_grad: ["conv2dInputGradSimd", "conv2dSimd", "conv2dWeightGradSimd"],
    maxpool2d: ["maxpoolGradSimd", "maxpoolSimd"],
    maxpool2d_grad: ["maxpoolGradSimd"],
  };
  for (const [opName, helpers] of Object.entries(expected)) {
    it(opName, () => {
      const op = allOps().find((o) => o.name === opName)!;
      const ran = new Set(op.samples.flatMap((s) => simdHelpersRun(op, s)));
      expect([...ran].sort()).toEqual(helpers);
    });
  }
});
