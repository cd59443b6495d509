import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dimToString } from "@nnc/ir";
import { checkText, lowerText, node, typeOf } from "./test-helpers.ts";

const dir = join(import.meta.dirname, "..", "..", "..", "examples");
const read = (f: string): string => readFileSync(join(dir, f), "utf8");

describe("examples", () => {
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".nn")).sort()) {
    it(`${f} checks clean and lowers`, () => {
      const r = checkText(read(f));
      expect([...r.syntax, ...r.diagnostics]).toEqual([]);
      expect(r.models.length).toBeGreaterThan(0);
      for (const m of r.models) {
        const ids = new Set<string>();
        for (const n of m.graph.nodes) {
          for (const i of n.inputs) expect(ids.has(i), `${n.id} uses ${i} before its definition`).toBe(true);
          expect(ids.has(n.id)).toBe(false);
          ids.add(n.id);
          expect(n.span, `${n.id} has a span`).toBeDefined();
        }
        for (const o of m.graph.outputs) expect(ids.has(o.id)).toBe(true);
      }
    });
  }

  it("mnist-mlp: h is f32[B, 128], the bias is broadcast explicitly, the loss is a scalar", () => {
    const m = lowerText(read("mnist-mlp.nn"));
    expect(m.name).toBe("Mlp");
    expect(typeOf(m, "x")).toBe("f32[B, 784]");
    expect(node(m, "x").attrs.role).toBe("model");
    expect(typeOf(m, "h")).toBe("f32[B, 128]");
    expect(node(m, "h").op).toBe("relu");
    const add = node(m, node(m, "h").inputs[0]!);
    expect(add.op).toBe("add");
    const [mm, bias] = add.inputs.map((i) => node(m, i));
    expect(mm?.op).toBe("matmul");
    expect(bias?.op).toBe("broadcast");
    expect(bias?.inputs).toEqual(["b1"]);
    expect(typeOf(m, "logits")).toBe("f32[B, 10]");
    expect(m.graph.outputs).toEqual([{ name: "logits", id: "logits" }]);
    expect(m.graph.inits).toEqual({ W1: { kind: "glorot_uniform" }, b1: { kind: "zeros" }, W2: { kind: "glorot_uniform" }, b2: { kind: "zeros" } });
    expect(m.graph.dims).toEqual(["B"]);
    const t = m.train!;
    expect(t.loss).toBe("loss");
    expect(typeOf(m, "loss")).toBe("f32[]");
    expect(node(m, "loss").op).toBe("reduce_mean");
    expect(t.trainInputs).toEqual(["label"]);
    expect(node(m, "label").attrs.role).toBe("train");
    expect(typeOf(m, "label")).toBe("i32[B]");
    expect(t.optimizer).toMatchObject({ kind: "adam", args: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 }, decayAll: false });
    expect(t.data).toMatchObject({ source: "mnist", args: {} });
    expect([t.batch, t.epochs, t.seed]).toEqual([64, 5, 1]);
  });

  it("matvec: b = W @ a is a matrix·vector matmul of type f32[3]", () => {
    const m = lowerText(read("matvec.nn"));
    expect(node(m, "b")).toMatchObject({ op: "matmul", inputs: ["W", "a"] });
    expect(typeOf(m, "b")).toBe("f32[3]");
    expect(m.graph.inits.W).toEqual({ kind: "normal", mean: 0, std: 0.1 });
    expect(m.train).toBeUndefined();
    expect(m.graph.dims).toEqual([]);
  });

  it("blocks: each call site has its own parameters, named after the binding", () => {
    const m = lowerText(read("blocks.nn"));
    expect(typeOf(m, "h1.W")).toBe("f32[2, 32]");
    expect(typeOf(m, "h1.b")).toBe("f32[32]");
    expect(typeOf(m, "h2.W")).toBe("f32[32, 32]");
    expect(m.graph.inits["h1.W"]).toEqual({ kind: "he_uniform" });
    expect(node(m, "h1")).toMatchObject({ op: "leaky_relu", attrs: { alpha: 0.01 } });
    expect(node(m, "h2")).toMatchObject({ op: "leaky_relu", attrs: { alpha: 0.1 } });
    expect(typeOf(m, "h2")).toBe("f32[B, 32]");
    expect(m.train?.optimizer).toMatchObject({ kind: "adam", args: { lr: 0.01, weight_decay: 0.0001 } });
    expect(m.train?.data).toMatchObject({ source: "moons", args: { n: 1000, noise: 0.1 } });
  });

  it("cnn: reshape solves -1 as B, conv and pool shapes follow", () => {
    const m = lowerText(read("cnn.nn"));
    expect(typeOf(m, "img")).toBe("f32[B, 1, 28, 28]");
    expect((node(m, "img").attrs.shape as readonly unknown[]).map((d) => dimToString(d as number))).toEqual(["B", "1", "28", "28"]);
    expect(typeOf(m, "conv")).toBe("f32[B, 8, 26, 26]");
    expect(node(m, "pooled")).toMatchObject({ op: "maxpool2d", attrs: { size: 2, stride: 2 } });
    expect(typeOf(m, "pooled")).toBe("f32[B, 8, 13, 13]");
    expect(typeOf(m, "W")).toBe("f32[1352, 10]");
    expect(m.train?.optimizer).toMatchObject({ kind: "sgd", args: { lr: 0.05, momentum: 0.9, weight_decay: 0 } });
  });

  it("--dtype f64 turns every f32 into f64", () => {
    const m = lowerText(read("mnist-mlp.nn"), { dtype: "f64" });
    expect(typeOf(m, "h")).toBe("f64[B, 128]");
    expect(typeOf(m, "W1")).toBe("f64[784, 128]");
    expect(typeOf(m, "label")).toBe("i32[B]");
    expect(typeOf(m, "loss")).toBe("f64[]");
  });
});
