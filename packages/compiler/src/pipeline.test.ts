import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "./check.ts";
import { resolveOf, resolveWrt, selectModel, withLoss } from "./pipeline.ts";
import { compile } from "./node.ts";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const read = (name: string): string => readFileSync(join(examples, name), "utf8");

const twoModels = `dim B
model A(x: f32[B, 2]) -> (y: f32[B, 2]) {
  y = relu(x)
}
model C(x: f32[B, 2]) -> (z: f32[B]) {
  param w: f32[2]
  z = x @ w
}
train C {
  input t: f32[B]
  loss = mean((z - t) ^ 2)
  optimizer = sgd(lr = 0.1)
}
`;

describe("checkSource", () => {
  it("summarises models with symbolic dims as strings and block params by full name", () => {
    const r = checkSource("blocks.nn", read("blocks.nn"));
    expect(r.diagnostics).toEqual([]);
    const m = r.models[0]!;
    expect(m.inputs).toEqual([{ name: "x", dtype: "f32", shape: ["B", 2] }]);
    expect(m.trainInputs).toEqual([{ name: "label", dtype: "i32", shape: ["B"] }]);
    expect(m.params.map((p) => `${p.name}:${p.shape.join("x")}`)).toEqual(["Wo:32x2", "bo:2", "h1.W:2x32", "h1.b:32", "h2.W:32x32", "h2.b:32"]);
  });

  it("reports a syntax error without follow-on checker errors from the same declaration", () => {
    const r = checkSource("bad.nn", "model M(x: f32[3]) -> (y: f32[3]) {\n  h = relu(x\n  y = h\n}\n");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0015"]);
    expect(r.lowered).toEqual([]);
  });
});

describe("model, output and wrt selection", () => {
  const models = checkSource("two.nn", twoModels).lowered;

  it("picks the first model with a train section by default, or the named one", () => {
    expect(selectModel(models).ok && selectModel(models, "A").ok).toBe(true);
    const picked = selectModel(models);
    expect(picked.ok ? picked.value.name : "").toBe("C");
    expect(selectModel(models, "Q")).toEqual({ ok: false, message: "no model named `Q` (the file defines: A, C)" });
  });

  it("resolves --of to the loss or an output, and refuses unknown names", () => {
    const c = models[1]!;
    const a = models[0]!;
    expect(resolveOf(c, undefined)).toEqual({ ok: true, value: c.train!.loss });
    expect(resolveOf(c, "z")).toEqual({ ok: true, value: "z" });
    expect(resolveOf(a, "loss")).toEqual({ ok: false, message: "model `A` has no train section, so no loss" });
    expect(resolveOf(c, "nope").ok).toBe(false);
    expect(resolveWrt(c, ["w", "x"])).toEqual({ ok: true, value: ["w", "x"] });
    expect(resolveWrt(c, ["t2"])).toEqual({ ok: false, message: "cannot differentiate with respect to `t2`: not a float parameter or input (candidates: x, w, t)" });
  });

  it("adds the loss as an output named `loss` for printing and passes", () => {
    const c = models[1]!;
    expect(withLoss(c).outputs.map((o) => o.name)).toEqual(["z", "loss"]);
    expect(withLoss(models[0]!).outputs.map((o) => o.name)).toEqual(["y"]);
  });
});

describe("compileProgram", () => {
  it("emits one self-contained program whose only imports are node: built-ins", () => {
    const r = compile(read("spirals.nn"), { fileName: "examples/spirals.nn", target: "js", dtype: "f32" });
    expect(r.diagnostics).toEqual([]);
    const imports = [...r.program!.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((i) => i!.startsWith("node:"))).toBe(true);
    expect(r.program).toContain('"model": "Spiral"');
    expect(r.summary?.name).toBe("Spiral");
  });

  it("returns the checker's diagnostics and no code for a program with errors", () => {
    const r = compile("model M(x: f32[3]) -> (y: f32[4]) {\n  y = x\n}\n", { fileName: "bad.nn", target: "ts", dtype: "f32" });
    expect(r.program).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0309"]);
  });

  it("refuses a second symbolic dim with E0666, naming it", () => {
    const seq = "dim B, T\nmodel S(x: f32[B, T, 2]) -> (y: f32[B, 2]) {\n  y = sum(x, axis = 1)\n}\n";
    const r = compile(seq, { fileName: "seq.nn", target: "js", dtype: "f32" });
    expect(r.program).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["E0666 generated code can leave only the batch dim symbolic, but `S` also uses `T`"]);
  });

  it("reports an unknown --model as E0665", () => {
    const r = compile(twoModels, { fileName: "two.nn", target: "js", dtype: "f32", model: "Nope" });
    expect(r.program).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(["E0665 no model named `Nope` (the file defines: A, C)"]);
  });
});
