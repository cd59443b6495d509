import { describe, expect, it } from "vitest";
import { SourceFile } from "@nnc/diagnostics";
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
