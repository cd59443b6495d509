import { describe, expect, it } from "vitest";
import { SourceFile } from "@nnc/diagnostics";
import type { Node } from "@nnc/ir";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { differentiate } from "./differentiate.ts";
import { explainBackward } from "./explain.ts";
import { ruleTable } from "./rule-table.ts";

const SRC = new SourceFile("matvec.nn", "model MatVec(a: f32[3]) -> (b: f32[3]) {\n  param W: f32[3, 3]\n  b = W @ a\n}\n");
const LINE3 = SRC.span(SRC.text.indexOf("W @ a"), SRC.text.indexOf("W @ a") + 5);

/** b = W @ a as lowering builds it, with the span of `W @ a` on line 3. */
function matvec() {
  const b = new GraphBuilder(lookupOp);
  const W = b.add("param", [], { dtype: "f64", shape: [3, 3] }, { name: "W" });
  const a = b.add("input", [], { role: "model", dtype: "f64", shape: [3] }, { name: "a" });
  const out = b.add("matmul", [W, a], {}, { name: "b", span: LINE3 });
  return b.finish([{ name: "b", id: out }]);
}

describe("explainBackward", () => {
  it("gives each backward node its rule's math with the program's names and its .nn line", () => {
    const r = differentiate({ graph: matvec(), of: "b", wrt: ["W", "a"] });
    const ex = explainBackward(r, { source: SRC });
    const byId = new Map(ex.map((e) => [e.id, e]));
    expect(byId.get("db")).toMatchObject({ rule: "cotangent", forward: "b", formula: "db given" });
    expect(byId.get("dW")).toMatchObject({
      rule: "matmul.vjp.0",
      forward: "b",
      forwardOp: "matmul",
      operand: 0,
      formula: "dW = db ⊗ a",
      why: "∂b_i/∂W_jk = δ_ij·a_k",
      line: 3,
      sourceLine: "b = W @ a",
    });
    expect(byId.get("da")).toMatchObject({ rule: "matmul.vjp.1", formula: "da = Wᵀ·db", why: "∂b_i/∂a_k = W_ik", line: 3 });
    // Every backward node is explained, in graph order.
    expect(ex.map((e) => e.id)).toEqual(r.graph.nodes.filter((n) => n.origin !== undefined).map((n) => n.id));
  });

  it("explains the seed and a fan-out sum", () => {
    const b = new GraphBuilder(lookupOp);
    const w = b.add("param", [], { dtype: "f64", shape: [] }, { name: "w" });
    const t = b.add("tanh", [w], {}, { name: "t" });
    const loss = b.add("mul", [t, t], {}, { name: "loss" });
    const r = differentiate({ graph: b.finish([]), of: loss });
    const ex = new Map(explainBackward(r).map((e) => [e.id, e]));
    expect(ex.get("dloss")).toMatchObject({ rule: "seed", formula: "dloss = 1", why: "∂loss/∂loss = 1" });
    expect(ex.get("dt")).toMatchObject({ rule: "fanout", forward: "t", formula: "dt = Σ of the cotangents from the 2 uses of t (in loss)" });
  });
});

describe("explainBackward of a fan-out the passes folded", () => {
  /** `y = (x + x) + x` over a scalar or a vector x: x has three uses, two of them in `%0 = x + x`. */
  function tripled(shape: readonly number[], extra = false) {
    const b = new GraphBuilder(lookupOp);
    const x = b.add("input", [], { role: "model", dtype: "f64", shape }, { name: "x" });
    const y = b.add("add", [b.add("add", [x, x]), x], {}, { name: "y" });
    const z = extra ? [{ name: "z", id: b.add("exp", [x], {}, { name: "z" }) }] : [];
    return differentiate({ graph: b.finish([{ name: "y", id: y }, ...z]), of: y, wrt: ["x"] });
  }

  /** `r` as the passes leave it for a scalar x: the seed `dy = 1` folded into the sum, `dx = 3` a constant. */
  function folded(r: ReturnType<typeof differentiate>): ReturnType<typeof differentiate> {
    const forward = r.graph.nodes.filter((n) => n.origin === undefined);
    const dx: Node = { id: "dx", op: "const", inputs: [], attrs: { value: 3, dtype: "f64", shape: [] }, type: { dtype: "f64", shape: [] }, origin: { rule: "fanout", forward: "x" } };
    return { ...r, graph: { ...r.graph, nodes: [...forward, dx] }, cotangents: { x: "dx" } };
  }

  it("counts the uses from the forward graph when the sum has no operands left (was: 0 uses of x (in ))", () => {
    const r = tripled([]);
    // As differentiated, the sum is a chain of two adds of the seed, which both adds pass through unchanged.
    expect(r.graph.nodes.filter((n) => n.origin?.rule === "fanout").map((n) => n.inputs)).toEqual([["dy", "dy"], ["%1", "dy"]]);
    const dx = explainBackward(folded(r)).find((e) => e.id === "dx");
    expect(dx).toMatchObject({ rule: "fanout", formula: "dx = Σ of the cotangents from the 3 uses of x (in y, %0)", sum: { uses: 3, inSteps: 0, partial: false } });
  });

  it("names the users, not the node a use's contribution passed through (dy, from y, for both uses in %0)", () => {
    const sums = explainBackward(tripled([3])).filter((e) => e.rule === "fanout");
    // The driver adds y's contribution first (users latest first), then %0's two.
    expect(sums.map((e) => e.formula)).toEqual(["%1 = Σ of the cotangents from the 2 uses of x (in y, %0)", "dx = Σ of the cotangents from the 3 uses of x (in y, %0)"]);
  });

  it("counts only the uses `of` is computed from (z = exp(x) is another output)", () => {
    const r = folded(tripled([], true));
    expect(explainBackward(r, { of: "y" }).find((e) => e.id === "dx")!.formula).toBe("dx = Σ of the cotangents from the 3 uses of x (in y, %0)");
    // Without `of` and without a seed, every forward output that is not a gradient stands for it.
    expect(explainBackward(r).find((e) => e.id === "dx")!.formula).toBe("dx = Σ of the cotangents from the 4 uses of x (in z, y, %0)");
  });

  it("counts the uses of a partial sum the passes folded from those its successor does not add (was: 0 uses)", () => {
    const r = tripled([]);
    const partial: Node = { id: "%1", op: "const", inputs: [], attrs: { value: 2, dtype: "f64", shape: [] }, type: { dtype: "f64", shape: [] }, origin: { rule: "fanout", forward: "x" } };
    const nodes = r.graph.nodes.map((n) => (n.id === "%1" ? partial : n));
    const sums = explainBackward({ ...r, graph: { ...r.graph, nodes } }).filter((e) => e.rule === "fanout");
    expect(sums.map((e) => [e.formula, e.sum?.partial])).toEqual([
      ["%1 = Σ of the cotangents from the 2 uses of x (in y, %0)", true],
      ["dx = Σ of the cotangents from the 3 uses of x (in y, %0)", false],
    ]);
  });

  it("reads `of` from the seed when the passes kept it", () => {
    const r = tripled([], true);
    const kept = { ...r, graph: { ...r.graph, nodes: [...r.graph.nodes.filter((n) => n.origin === undefined || n.id === "dy"), ...folded(r).graph.nodes.filter((n) => n.id === "dx")] } };
    expect(explainBackward(kept).find((e) => e.id === "dx")!.formula).toBe("dx = Σ of the cotangents from the 3 uses of x (in y, %0)");
  });
});

describe("explainBackward on a wide fan-out", () => {
  /** `t = tanh(w)` used by `k` distinct nodes: `loss = exp(t) + exp(t) + …`, so dt is a chain of k − 1 fan-out adds. */
  function fanout(k: number) {
    const b = new GraphBuilder(lookupOp);
    const w = b.add("param", [], { dtype: "f64", shape: [] }, { name: "w" });
    const t = b.add("tanh", [w], {}, { name: "t" });
    let acc = b.add("exp", [t]);
    for (let i = 1; i < k; i++) acc = b.add("add", [acc, b.add("exp", [t])]);
    return explainBackward(differentiate({ graph: b.finish([]), of: acc })).filter((e) => e.rule === "fanout");
  }

  it("counts every use exactly and names at most 8 users", () => {
    const sums = fanout(600);
    expect(sums.length).toBe(599);
    const last = sums.at(-1)!;
    expect(last.formula).toMatch(/^dt = Σ of the cotangents from the 600 uses of t \(in (%\d+, ){8}…\)$/);
    expect(sums[0]!.formula).toMatch(/^%\d+ = Σ of the cotangents from the 2 uses of t \(in %\d+, %\d+\)$/);
  });

  it("writes text linear in the number of uses (each partial sum used to list every user before it)", () => {
    const size = (k: number): number => fanout(k).reduce((n, e) => n + e.formula.length, 0);
    expect(size(1200) / size(600)).toBeLessThanOrEqual(2.2);
  });
});

describe("explainBackward names", () => {
  it("names a cotangent passed through unchanged by its node (dy, not d%0)", () => {
    const b = new GraphBuilder(lookupOp);
    const w = b.add("param", [], { dtype: "f64", shape: [3] }, { name: "w" });
    const x = b.add("input", [], { role: "model", dtype: "f64", shape: [3] }, { name: "x" });
    const y = b.add("add", [b.add("mul", [w, x]), x], {}, { name: "y" });
    const r = differentiate({ graph: b.finish([{ name: "y", id: y }]), of: y, wrt: ["w"] });
    expect(r.cotangents).toEqual({ y: "dy", "%0": "dy", w: "dw" });
    const ex = explainBackward(r);
    expect(ex.find((e) => e.id === "dw")).toMatchObject({ rule: "mul.vjp.0", formula: "dw = dy ⊙ x" });
    // Without the cotangent map, formulas fall back to d<name>.
    expect(explainBackward({ graph: r.graph }).find((e) => e.id === "dw")!.formula).toBe("dw = d%0 ⊙ x");
  });
});

describe("ruleTable", () => {
  it("lists every differentiable op's rule with generic names", () => {
    const table = ruleTable();
    expect(table).toContain("| `relu` | x | `dx = where(x > 0, dz, 0)` |");
    expect(table).toContain("| `lt` | – | no gradient | – |");
    expect(table.split("\n")[0]).toBe("| op | operand | rule | local Jacobian |");
  });
});
