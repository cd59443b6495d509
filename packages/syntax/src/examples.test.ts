import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BindingStmt, BlockDecl, CallExpr, DimDecl, Expr, ModelDecl, ParamStmt, ReturnStmt, TrainDecl } from "./ast.ts";
import { at, parseText, show, showDim } from "./test-helpers.ts";

const dir = new URL("../../../examples/", import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), "utf8");
const program = (name: string) => {
  const result = parseText(read(name), name);
  expect(result.diagnostics).toEqual([]);
  return result.program;
};

function binding(model: ModelDecl | BlockDecl, name: string): Expr {
  const stmt = model.body.find((s): s is BindingStmt => s.kind === "Binding" && s.name.name === name);
  if (stmt === undefined) throw new Error(`no binding ${name}`);
  return stmt.value;
}

describe("examples", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".nn"));

  it("finds the example files", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)("%s parses without diagnostics", (file) => {
    const result = parseText(read(file), file);
    expect(result.diagnostics).toEqual([]);
    expect(result.program.items.length).toBeGreaterThan(0);
    expect(result.program.file).toBe(file);
  });

  it("mnist-mlp.nn: declarations, types and spans", () => {
    const p = program("mnist-mlp.nn");
    expect(p.items.map((i) => i.kind)).toEqual(["Dim", "Model", "Train"]);
    const dim = p.items[0] as DimDecl;
    expect(dim.names.map((n) => [n.name, at(n.span)])).toEqual([["B", "2:5-2:6"]]);
    expect(dim.doc).toBeUndefined(); // a plain `#` comment is not documentation

    const mlp = p.items[1] as ModelDecl;
    expect(mlp.name.name).toBe("Mlp");
    expect(at(mlp.name.span)).toBe("4:7-4:10");
    expect(at(mlp.span)).toBe("4:1-12:2");
    const x = mlp.inputs[0]!;
    expect([x.name.name, at(x.span), x.type.dtype.name, x.type.bracketed, x.type.dims.map(showDim)]).toEqual(["x", "4:11-4:25", "f32", true, ["B", "784"]]);
    expect(at(x.type.span)).toBe("4:14-4:25");
    expect(mlp.outputs.map((o) => o.name.name)).toEqual(["logits"]);

    expect(mlp.body.map((s) => s.kind)).toEqual(["Param", "Param", "Param", "Param", "Binding", "Binding"]);
    const w1 = mlp.body[0] as ParamStmt;
    expect(w1.name.name).toBe("W1");
    expect(at(w1.span)).toBe("5:3-5:45");
    expect(w1.init?.callee.name).toBe("glorot_uniform");
    expect(at(w1.init!.span)).toBe("5:29-5:45");

    const h = binding(mlp, "h");
    expect(show(h)).toBe("relu(((x @ W1) + b1))");
    const sum = (h as CallExpr).args[0]!;
    expect(at(sum.span)).toBe("10:17-10:28");
    if (sum.kind !== "Binary") throw new Error("expected a binary");
    expect(at(sum.opSpan)).toBe("10:24-10:25");
    expect(at(sum.left.span)).toBe("10:17-10:23");
    expect(show(binding(mlp, "logits"))).toBe("((h @ W2) + b2)");

    const train = p.items[2] as TrainDecl;
    expect(train.model.name).toBe("Mlp");
    expect(at(train.span)).toBe("14:1-22:2");
    expect(train.entries.map((e) => (e.kind === "TrainInput" ? `input ${e.name.name}` : e.key.name))).toEqual([
      "input label", "loss", "optimizer", "data", "batch", "epochs", "seed",
    ]);
    const settings = new Map(train.entries.flatMap((e) => (e.kind === "TrainSetting" ? [[e.key.name, e.value] as const] : [])));
    expect(show(settings.get("loss")!)).toBe("mean(cross_entropy(logits, label))");
    expect(show(settings.get("optimizer")!)).toBe("adam(lr=0.001)");
    const batch = settings.get("batch")!;
    expect(batch).toMatchObject({ kind: "Number", value: 64, isInteger: true, raw: "64" });
    expect(at(batch.span)).toBe("19:15-19:17");
    const lr = (settings.get("optimizer") as CallExpr).named[0]!;
    expect([lr.name.name, at(lr.span), lr.value]).toMatchObject(["lr", "17:20-17:30", { value: 0.001, isInteger: false }]);
  });

  it("blocks.nn: block signature, kinds, defaults, pipe, return, doc comment", () => {
    const p = program("blocks.nn");
    const dim = p.items[0] as DimDecl;
    expect(dim.doc).toBe("A block defined once and used twice: each call site gets its own parameters (h1.W, h2.W, …).");
    const layer = p.items[1] as BlockDecl;
    expect(layer.kind).toBe("Block");
    expect(layer.params.map((q) => [q.name.name, q.type.kind, q.type.kind === "KindType" ? q.type.name.name : q.type.dtype.name])).toEqual([
      ["x", "TensorType", "f32"], ["out", "KindType", "dim"], ["alpha", "KindType", "float"],
    ]);
    expect(layer.params[2]!.default).toMatchObject({ kind: "Number", value: 0.01 });
    expect(at(layer.params[2]!.span)).toBe("4:37-4:56");
    expect(layer.returnType.kind === "TensorType" ? layer.returnType.dims.map(showDim) : []).toEqual(["N", "out"]);
    const ret = layer.body[2] as ReturnStmt;
    expect(ret.kind).toBe("Return");
    expect(show(ret.value)).toBe("leaky_relu(((x @ W) + b), alpha=alpha)");
    expect(at(ret.span)).toBe("7:3-7:46");

    const moons = p.items[2] as ModelDecl;
    expect(show(binding(moons, "h1"))).toBe("layer(x, out=32)");
    const h2 = binding(moons, "h2") as CallExpr;
    expect(show(h2)).toBe("|layer(h1, out=32, alpha=0.1)");
    expect(h2.piped).toBe(true);
    expect(at(h2.span)).toBe("12:8-12:42");
    expect(at(h2.callee.span)).toBe("12:14-12:19");
    const wo = moons.body.find((s) => s.kind === "Param" && s.name.name === "Wo") as ParamStmt;
    expect(wo.init).toBeNull();
    expect(at(wo.span)).toBe("13:3-13:23");
  });

  it("cnn.nn: dimension arithmetic and negative list elements", () => {
    const cnn = program("cnn.nn").items[1] as ModelDecl;
    const w = cnn.body[2] as ParamStmt;
    expect(w.type.dims.map(showDim)).toEqual(["((8 * 13) * 13)", "10"]);
    expect(at(w.type.dims[0]!.span)).toBe("7:17-7:28");
    expect(show(binding(cnn, "img"))).toBe("reshape(x, [(-1), 1, 28, 28])");
    expect(show(binding(cnn, "logits"))).toBe("((flatten(pooled) @ W) + b)");
  });

  it("matvec.nn: the smallest program", () => {
    const p = program("matvec.nn");
    const m = p.items[0] as ModelDecl;
    expect(at(p.span)).toBe(`1:1-${read("matvec.nn").split("\n").length}:1`);
    expect(show((m.body[0] as ParamStmt).init!)).toBe("normal(std=0.1)");
    expect(show(binding(m, "b"))).toBe("(W @ a)");
    expect(at(m.body[1]!.span)).toBe("3:3-3:12");
  });
});
