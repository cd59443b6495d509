/** The class around the kernels: init, optimizers, firstNonFinite, the ts target, escaping. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { differentiate } from "@nnc/autodiff";
import { tensorType } from "@nnc/ir";
import { initParams } from "@nnc/interp";
import { GraphBuilder, initialState, lookupOp, OPTIMIZERS, referenceUpdate, settingDefaults, type OptimizerChoice } from "@nnc/ops";
import type { ClipSetting, OptimizerKind } from "@nnc/runtime/core";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { generateFrom, loadClass, sgd, SPAN, type Generated } from "./test-harness.ts";
import { lowerExample, lowerSource } from "./test-programs.ts";

function build(file: string, dtype: "f32" | "f64", optimizer: OptimizerChoice | null): Generated {
  const model = lowerExample(file, dtype);
  const grad = differentiate({ graph: model.graph, of: model.train!.loss });
  const gen = generateFrom({ model, grad, optimizer, dtype, target: "js", source: { file } });
  return new (loadClass(gen.code, gen.className))(8);
}

function fillInputs(cm: Generated, rows: number): void {
  for (const [name, arr] of Object.entries(cm.inputs)) {
    for (let i = 0; i < arr.length; i++) arr[i] = name === "label" ? i % 2 : Math.sin(i * 0.37) * 1.5;
  }
  expect(rows).toBeLessThanOrEqual(cm.maxBatch);
}

describe("initParams", () => {
  it("draws exactly the interpreter's initial values (f64)", () => {
    for (const file of ["mnist-mlp.nn", "cnn.nn", "blocks.nn"]) {
      const model = lowerExample(file, "f64");
      const cm = build(file, "f64", null);
      cm.initParams(42);
      const ref = initParams(model.graph, 42);
      for (const [id, t] of Object.entries(ref)) expect(Array.from(cm.params[id]!), `${file} ${id}`).toEqual(Array.from(t.data));
    }
  });
});

describe("optimizers: the generated update equals the table's float64 reference (referenceUpdate)", () => {
  /** Every argument filled in, as lowering fills them: the record's defaults, lr 0.05, then `args`. */
  const opt = (kind: OptimizerKind, args: Record<string, number | boolean>, decayAll = false): OptimizerChoice => {
    const defaults = Object.fromEntries(OPTIMIZERS[kind].args.flatMap((a) => (a.default === undefined ? [] : [[a.name, a.default]])));
    return { kind, args: { ...defaults, lr: 0.05, ...args }, decayAll };
  };
  const cases: [string, OptimizerChoice, ClipSetting | null][] = [
    ["sgd", opt("sgd", { momentum: 0, nesterov: false, weight_decay: 0 }), null],
    ["sgd + momentum + L2 (biases not decayed)", opt("sgd", { momentum: 0.9, nesterov: false, weight_decay: 0.01 }), null],
    ["sgd + nesterov + L2 on every param (decay_all)", opt("sgd", { momentum: 0.9, nesterov: true, weight_decay: 0.01 }, true), null],
    ["adam + L2", opt("adam", { weight_decay: 0.01 }), null],
    ["adamw (decoupled)", opt("adamw", {}), null],
    ["rmsprop + momentum", opt("rmsprop", { momentum: 0.5 }), null],
    ["adagrad", opt("adagrad", {}), null],
    ["lion", opt("lion", { weight_decay: 0.1 }), null],
    ["sgd, global_norm clip", opt("sgd", {}), { kind: "global_norm", args: { max_norm: 0.05 } }],
    ["adam, value clip", opt("adam", {}), { kind: "value", args: { limit: 0.01 } }],
  ];
  for (const [label, choice, clip] of cases) {
    it(label, () => {
      const model = lowerExample("spirals.nn", "f64");
      const grad = differentiate({ graph: model.graph, of: model.train!.loss });
      const gen = generateFrom({ model, grad, optimizer: choice, clip, dtype: "f64", target: "js", source: { file: "spirals.nn" } });
      const cm = new (loadClass(gen.code, gen.className))(8);
      // The twin computes the same gradients without updating: they drive the reference.
      const twin = build("spirals.nn", "f64", null);
      cm.initParams(3);
      twin.initParams(3);
      cm.setLearningRate(0.05);
      fillInputs(cm, 6);
      fillInputs(twin, 6);
      const rank = (id: string): number => model.graph.nodes.find((n) => n.id === id)!.type.shape.length;
      const state = new Map(Object.entries(twin.params).map(([id, w]) => [id, initialState(choice.kind, choice.args, w.length)]));
      for (let t = 1; t <= 3; t++) {
        const loss = cm.trainStep(6);
        expect(twin.trainStep(6)).toBe(loss);
        const params = Object.entries(twin.params).map(([id, w]) => ({ w: w as Float64Array, g: Float64Array.from(twin.grads[id]!), rank: rank(id), state: state.get(id)! }));
        referenceUpdate({ optimizer: choice, clip }, 0.05, t, params);
      }
      for (const [id, w] of Object.entries(twin.params)) {
        const got = cm.params[id]!;
        for (let i = 0; i < w.length; i++) expect(Math.abs(got[i]! - w[i]!), `${id}[${i}]`).toBeLessThan(1e-12);
      }
      // One state array per (parameter, state name), plus the step counter when the optimizer counts steps.
      const perParam = OPTIMIZERS[choice.kind].state(choice.args).length;
      expect(Object.keys(cm.optimizerState).length).toBe(Object.keys(twin.params).length * perParam + (OPTIMIZERS[choice.kind].counter ? 1 : 0));
    });
  }
  it("training lowers the loss (mnist-mlp, adam, f32)", () => {
    const cm = build("mnist-mlp.nn", "f32", { kind: "adam", args: { ...settingDefaults(OPTIMIZERS.adam)!.args }, decayAll: false });
    cm.initParams(1);
    cm.setLearningRate(0.001);
    fillInputs(cm, 8);
    const first = cm.trainStep(8);
    let last = first;
    for (let i = 0; i < 20; i++) last = cm.trainStep(8);
    expect(last).toBeLessThan(first * 0.5);
  });
});

describe("firstNonFinite", () => {
  it("is null after a finite step, and names the first overflowing value with its line", () => {
    const cm = build("mnist-mlp.nn", "f32", sgd(0.1));
    cm.initParams(1);
    fillInputs(cm, 4);
    expect(Number.isFinite(cm.trainStep(4))).toBe(true);
    expect(cm.firstNonFinite()).toBeNull();
    cm.inputs["x"]!.fill(3e38);
    const before = Array.from(cm.params["W1"]!.subarray(0, 10));
    expect(Number.isFinite(cm.trainStep(4))).toBe(false);
    expect(Array.from(cm.params["W1"]!.subarray(0, 10))).toEqual(before);
    expect(cm.firstNonFinite()).toEqual({ value: "%0", line: 10 });
    cm.inputs["x"]![5] = Number.NaN;
    cm.evalLoss(4);
    expect(cm.firstNonFinite()).toEqual({ value: "x", line: 4 });
  });
});

/** One model of `text`, compiled with its train section's optimizer, for `rows` rows. */
function buildSource(text: string, rows: number): Generated {
  const model = lowerSource("t.nn", text, "f32")[0]!;
  const grad = differentiate({ graph: model.graph, of: model.train!.loss });
  const gen = generateFrom({ model, grad, optimizer: model.train!.optimizer, dtype: "f32", target: "js", source: { file: "t.nn" } });
  return new (loadClass(gen.code, gen.className))(rows);
}

const TRAIN = "train M {\n  input label: i32[B]\n  loss = mean(cross_entropy(logits, label))\n  optimizer = sgd(lr = 0.1)\n}\n";

describe("firstNonFinite in the backward pass", () => {
  it("a finite loss with an infinite gradient skips the update and names the backward rule and the forward line", () => {
    // h = |z| = sqrt(z·z) is 0 at W = 0, where its derivative 1/(2h) is infinite: the forward pass is finite.
    const src = `dim B\nmodel M(x: f32[B, 2]) -> (logits: f32[B, 2]) {\n  param W: f32[2, 2] = zeros()\n  z = x @ W\n  h = sqrt(z * z)\n  logits = h\n}\n${TRAIN}`;
    const cm = buildSource(src, 4);
    cm.initParams(1);
    fillInputs(cm, 4);
    expect(cm.trainStep(4)).toBeNaN();
    expect(Array.from(cm.params["W"]!)).toEqual([0, 0, 0, 0]);
    const at = cm.firstNonFinite();
    expect(at).toMatchObject({ line: 5, rule: "sqrt.vjp.0", of: "h", gradient: true });
    expect(at?.value).toMatch(/^%\d+$/);
  });

  it("a forward overflow the loss masks but the gradient does not is named as the forward value", () => {
    // where() hides exp(1000) = Infinity from the loss; exp's rule multiplies the zero cotangent by it: 0·∞ = NaN.
    const src = `dim B\nmodel M(x: f32[B, 2]) -> (logits: f32[B, 2]) {\n  param W: f32[2, 2] = values([[1000, 0], [0, 1000]])\n  big = exp(x @ W)\n  logits = where(x > 100, big, x @ W)\n}\n${TRAIN}`;
    const cm = buildSource(src, 4);
    cm.initParams(1);
    fillInputs(cm, 4);
    expect(cm.trainStep(4)).toBeNaN();
    expect(Array.from(cm.params["W"]!)).toEqual([1000, 0, 0, 1000]);
    expect(cm.firstNonFinite()).toEqual({ value: "big", line: 4, gradient: true });
  });
});

describe("the ts target", () => {
  it("passes tsc --strict unchanged, after the runtime's CompiledModel contract", () => {
    const contract = readFileSync(join(import.meta.dirname, "../../../packages/runtime/src/compiled-model.ts"), "utf8");
    const classes = ["mnist-mlp.nn", "cnn.nn"].map((file) => {
      const model = lowerExample(file, "f32");
      const grad = differentiate({ graph: model.graph, of: model.train!.loss });
      return generateFrom({ model, grad, optimizer: model.train!.optimizer, dtype: "f32", target: "ts", source: { file } }).code;
    });
    const dir = mkdtempSync(join(tmpdir(), "nnc-codegen-"));
    const file = join(dir, "model.ts");
    writeFileSync(file, [contract, ...classes, "export { Mlp, Cnn };"].join("\n"));
    const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, types: [], lib: ["lib.es2022.d.ts"] });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diags).toEqual([]);
  });
});

describe("escaping", () => {
  const HOSTILE = `q"'\`\\ \${globalThis.nncPwned = 1} */ globalThis.nncPwned = 2; /*\n globalThis.nncPwned = 3; // \u2028 globalThis.nncPwned = 4;`;
  it("ids, model and file names carrying quotes, ${}, comment ends and newlines execute nothing", () => {
    const b = new GraphBuilder(lookupOp, "T", {}, []);
    const t = tensorType("f64", [2]);
    const x = b.addTyped("input", [], { role: "model", dtype: "f64", shape: [2] }, t, { name: `x${HOSTILE}` });
    const w = b.addTyped("param", [], { dtype: "f64", shape: [2] }, t, { name: `w.${HOSTILE}` });
    b.setInit(w, { kind: "constant", value: 3 });
    const y = b.add("mul", [x, w], {}, { name: `y${HOSTILE}`, span: { ...SPAN, file: HOSTILE } });
    const loss = b.add("reduce_sum", [y], { axes: [0], keepdims: false }, { name: "loss" });
    const graph = b.finish([{ name: `out${HOSTILE}`, id: y }]);
    const model = { name: `M${HOSTILE}`, graph, train: { loss } };
    const grad = differentiate({ graph, of: loss });
    for (const target of ["js", "ts"] as const) {
      const gen = generateFrom({ model, grad, optimizer: sgd(0.5), dtype: "f64", target, source: { file: HOSTILE } });
      expect(gen.className).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      if (target === "ts") continue;
      const cm = new (loadClass(gen.code, gen.className))(1);
      cm.initParams(0);
      cm.inputs[x]!.set([1, 2]);
      expect(cm.trainStep(1)).toBe(9);
      expect(Array.from(cm.outputs[`out${HOSTILE}`]!)).toEqual([3, 6]);
      expect(Array.from(cm.params[w]!)).toEqual([2.5, 2]);
      expect(cm.meta.params[0]!.name).toBe(w);
      expect((globalThis as Record<string, unknown>)["nncPwned"]).toBeUndefined();
    }
  });
});

describe("literals", () => {
  it("an f32 model prints the user's numbers (0.1, not its f32 rounding; 1 − 0.9 not as 0.09999999999999998), and dropout's scale as 1 / (1 − p)", () => {
    const src = `dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  param W: f32[2, 2] = uniform(low = -0.3, high = 0.3)\n  y = dropout(x @ W * 0.1 * (1 - 0.9) + 0.7, p = 0.1)\n}\ntrain M {\n  loss = mean(y * y)\n  optimizer = sgd(lr = 0.01)\n}\n`;
    const model = lowerSource("lit.nn", src, "f32")[0]!;
    const grad = differentiate({ graph: model.graph, of: model.train!.loss });
    const code = generateFrom({ model, grad, optimizer: model.train!.optimizer, dtype: "f32", target: "ts", source: { file: "lit.nn" } }).code;
    for (const lit of ["0.1", "0.7", "(-0.3)", "0.3", "0.01"]) expect(code, lit).toMatch(new RegExp(`[^\\d.]${lit.replace(/[().]/g, "\\$&")}[^\\d]`));
    expect(code).toContain("1 / (1 - 0.1)");
    expect(code).not.toMatch(/\d\.\d{9,}/);
  });
});
