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

describe("buffer updates through the driver's stages", () => {
  // da = dy ⊙ x³ with dy = 1 reduces to the forward value x³, which is also the buffer's update value:
  // the passes rename it to `da` (an output keeps its id), restoreForwardIds gives it back its forward id,
  // and the update must follow both renamings.
  const CUBE = "model Cube(x: f32[]) -> (y: f32[]) {\n  param a: f32[] = ones()\n  buffer s: f32[]\n  next s = x ^ 3\n  y = a * x ^ 3\n}\n";

  it("the optimized gradient's update names the forward value x³ by its restored id", () => {
    const c = compile(CUBE, { fileName: "cube.nn", of: "y" });
    expect(c.diagnostics).toEqual([]);
    const g = c.optimized!.graph;
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const u = g.updates![0]!;
    expect(u.buffer).toBe("s");
    expect(byId.get(u.value)?.op).toBe("pow");
    expect(byId.get(u.value)?.origin).toBeUndefined();
    expect(c.optimized!.grads["a"]).toBe(u.value);
    expect(c.gradient!.graph.updates).toEqual(c.model!.graph.updates);
  });

  it("a buffer is refused as a value to differentiate with respect to", () => {
    const m = checkSource("cube.nn", CUBE).lowered[0]!;
    const r = resolveWrt(m, ["s"]);
    expect(r).toEqual({ ok: false, message: "cannot differentiate with respect to `s`: it is a buffer, non-trainable state that is never differentiated" });
  });
});

