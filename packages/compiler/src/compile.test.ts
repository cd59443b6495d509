import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, explainCompilation } from "./compile.ts";
import { renderExplanation } from "./explanation.ts";
import { compile as compileNode } from "./node.ts";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const read = (name: string): string => readFileSync(join(examples, name), "utf8");

const CUBE = "model Cube(a: f32[], x: f32[]) -> (y: f32[]) {\n  y = a * x ^ 3\n}\n";

describe("compile: every stage from one call", () => {
  it("returns the AST, the lowered models, the forward, backward and optimized IR, the explanation, the class and the summary", () => {
    const c = compile(read("spirals.nn"), { fileName: "examples/spirals.nn" });
    expect(c.diagnostics).toEqual([]);
    expect(c.ast?.items.map((i) => i.kind)).toEqual(["Dim", "Model", "Train"]);
    expect(c.lowered?.map((m) => m.name)).toEqual(["Spiral"]);
    expect(c.model?.name).toBe("Spiral");
    expect(c.forward?.outputs.map((o) => o.name)).toEqual(["logits", "loss"]);
    expect(c.of).toBe(c.model?.train?.loss);
    expect(Object.keys(c.gradient!.grads)).toEqual(["W1", "b1", "W2", "b2", "W3", "b3"]);
    // The passes shrink the backward graph; codegen reads the optimized one.
    expect(c.optimized!.graph.nodes.length).toBeLessThan(c.gradient!.graph.nodes.length);
    const ids = new Set(c.optimized!.graph.nodes.map((n) => n.id));
    for (const e of c.explanation!) expect(ids.has(e.id), e.id).toBe(true);
    expect(c.generated?.className).toBe("Spiral");
    expect(c.generated?.code).toContain("class Spiral");
    expect(c.summary?.params.map((p) => p.name)).toEqual(["W1", "b1", "W2", "b2", "W3", "b3"]);
    // The browser-safe entry makes classes, not programs.
    expect(c.program).toBeUndefined();
  });

  it("leaves the explanation out when asked (explainCompilation computes the same later), but not from a class it quotes", () => {
    const text = read("spirals.nn");
    const full = compile(text, { fileName: "spirals.nn", generate: "none" });
    const lazy = compile(text, { fileName: "spirals.nn", generate: "none", explain: false, verifyPasses: "end" });
    expect(full.explanation!.length).toBeGreaterThan(10);
    expect(lazy.explanation).toBeUndefined();
    expect(lazy.optimized!.graph).toEqual(full.optimized!.graph);
    expect(explainCompilation(lazy)).toEqual(full.explanation);
    expect(explainCompilation(full)).toBe(full.explanation);
    // A generated class quotes the rules in its comments: it is the same with or without the option.
    const quoted = compile(text, { fileName: "spirals.nn", generate: "class", explain: false });
    expect(quoted.generated!.code).toBe(compile(text, { fileName: "spirals.nn", generate: "class" }).generated!.code);
    expect(quoted.generated!.code).toContain(full.explanation![0]!.formula);
    expect(quoted.explanation).toEqual(full.explanation);
    // The browser-safe entry's default is a class: the explanation is there too.
    expect(compile(text, { fileName: "spirals.nn", explain: false }).explanation).toEqual(full.explanation);
    expect(explainCompilation(compile(CUBE, { fileName: "cube.nn", checkOnly: true }))).toEqual([]);
  });

  it("ships, in the Node entry's program, exactly the class the browser-safe entry generates", () => {
    const text = read("spirals.nn");
    const cls = compile(text, { fileName: "spirals.nn", target: "js" });
    const prog = compileNode(text, { fileName: "spirals.nn", target: "js" });
    expect(prog.diagnostics).toEqual([]);
    expect(prog.program).toContain(cls.generated!.code);
    expect(prog.generated?.code).toBe(cls.generated?.code);
  });

  it("refuses a whole program in the browser-safe entry (E0668) and code for a chosen gradient (E0669)", () => {
    const browser = compile(read("spirals.nn"), { fileName: "spirals.nn", generate: "program" });
    expect(browser.diagnostics.map((d) => d.code)).toEqual(["E0668"]);
    expect(browser.generated).toBeDefined();
    const chosen = compile(read("spirals.nn"), { fileName: "spirals.nn", wrt: ["W1"], generate: "class" });
    expect(chosen.diagnostics.map((d) => d.code)).toEqual(["E0669"]);
    expect(chosen.generated).toBeUndefined();
    // Without `generate`, a chosen gradient stops after the explanation.
    const quiet = compile(read("spirals.nn"), { fileName: "spirals.nn", wrt: ["W1"] });
    expect(quiet.diagnostics).toEqual([]);
    expect(Object.keys(quiet.optimized!.grads)).toEqual(["W1"]);
  });

  it("names what the options name wrongly as a problem of that option (E0665)", () => {
    const c = compile(read("spirals.nn"), { fileName: "spirals.nn", of: "nope" });
    expect(c.problem?.option).toBe("of");
    expect(c.diagnostics.map((d) => d.code)).toEqual(["E0665"]);
    expect(compile(read("spirals.nn"), { fileName: "spirals.nn", model: "Nope" }).problem).toEqual({ option: "model", message: "no model named `Nope` (the file defines: Spiral)" });
  });

  it("writes the program's dataDir as given (relative) and its source by the same route", () => {
    const p = compileNode(read("spirals.nn"), { fileName: "/home/someone/examples/spirals.nn", target: "js", dataDir: "../examples" }).program!;
    expect(p).toContain('"dataDir": "../examples"');
    expect(p).toContain('"source": "../examples/spirals.nn"');
    expect(p).not.toContain("/home/someone");
    const beside = compileNode(read("spirals.nn"), { fileName: "/home/someone/examples/spirals.nn", target: "js" }).program!;
    expect(beside).toContain('"source": "spirals.nn"');
  });

  it("replaces the train section's optimizer and clipping when asked (the playground's controls)", () => {
    const text = read("spirals.nn");
    const adam = compile(text, { fileName: "spirals.nn" });
    const sgd = compile(text, { fileName: "spirals.nn", optimizer: { kind: "sgd", args: { lr: 0.5, momentum: 0, nesterov: false, weight_decay: 0 }, decayAll: false }, clip: { kind: "value", args: { limit: 0.5 } } });
    expect(sgd.diagnostics).toEqual([]);
    expect(sgd.model?.train?.optimizer.kind).toBe("sgd");
    expect(sgd.model?.train?.clip?.kind).toBe("value");
    // Adam keeps two moments per parameter; plain SGD none.
    const roles = (c: typeof adam): number => c.generated!.memory.filter((t) => t.role === "optimizer").length;
    expect(roles(adam)).toBeGreaterThan(0);
    expect(roles(sgd)).toBe(0);
    expect(sgd.generated!.code).not.toBe(adam.generated!.code);
  });

  it("fills the program's train settings: optimizer with every argument, schedule, metrics, clip", () => {
    const p = compileNode(read("spirals.nn"), { fileName: "spirals.nn", target: "js" }).program!;
    expect(p).toMatch(/"optimizer": \{\s*"kind": "adam",\s*"args": \{[^}]*"lr": 0\.01/);
    expect(p).toMatch(/"schedule": \{\s*"kind": "constant"/);
    expect(p).toContain('"clip": null');
  });
});

describe("compile: stable names in the optimized graph and its explanation", () => {
  it("keeps the forward value x³ under its own id when the passes reduce da = dy ⊙ x³ (dy = 1) to it", () => {
    const c = compile(CUBE, { fileName: "cube.nn", of: "y", wrt: ["a", "x"] });
    expect(c.diagnostics).toEqual([]);
    const g = c.optimized!.graph;
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const pow = g.nodes.find((n) => n.op === "pow" && n.origin === undefined)!;
    expect(pow.id).toMatch(/^%\d+$/);
    // da IS the forward value x³ (an output alias), and no forward node carries a gradient's name.
    expect(c.optimized!.grads["a"]).toBe(pow.id);
    expect(g.outputs.find((o) => o.name === "da")?.id).toBe(pow.id);
    expect(byId.get("da")).toBeUndefined();
    expect(byId.get("dx")?.origin?.rule).toBe("pow.vjp.0");
    const text = renderExplanation(g, c.explanation!, c.source);
    // The explanation writes anonymous values by their display names (displayNames), never `%N`.
    expect(text).toContain(`da = y_pow  (after the passes, this gradient is the value y_pow)\n    da = dy ⊙ y_pow\n      because ∂y_i/∂a_j = δ_ij·y_pow_i\n      rule mul.vjp.0 of y — cube.nn:2  y = a * x ^ 3`);
    expect(text).toContain(`rule pow.vjp.0 of y_pow — cube.nn:2`);
    expect(text).toContain(`dx = dy_pow ⊙ y_pow_const ⊙ x^(y_pow_const − 1)`);
    expect(text).not.toMatch(/%\d/);
    expect(text).not.toMatch(/of da\b|\bdda\b/);
  });

  it("names every cotangent of the MLP after the value it differentiates (dh_pre, not %23)", () => {
    const c = compile(read("mnist-mlp.nn"), { fileName: "mnist-mlp.nn" });
    const cots = c.optimized!.cotangents;
    expect(Object.values(cots).filter((id) => id.startsWith("%"))).toEqual([]);
    const ids = c.optimized!.graph.nodes.map((n) => n.id);
    expect(ids).toContain("dh_pre");
    expect(ids).toContain("dloss_pre");
    expect(c.explanation!.find((e) => e.id === "dW1")?.formula).toBe("dW1 = xᵀ·dh_pre");
  });
});
