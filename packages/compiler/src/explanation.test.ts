import { describe, expect, it } from "vitest";
import { differentiate, explainBackward, nameCotangents } from "@nnc/autodiff";
import { SourceFile } from "@nnc/diagnostics";
import type { Graph } from "@nnc/ir";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { renderExplanation } from "./explanation.ts";

const SRC = new SourceFile("rnn.nn", "model Rnn(xs: f64[2, T, 3]) -> (hs: f64[2, T, 4]) {\n  hs = scan(rnn_cell, xs, init = h0)\n}\n");
const LINE2 = SRC.span(SRC.text.indexOf("scan"), SRC.text.indexOf("scan") + 4);

/**
 * `hs = scan(rnn_cell, xs, init = 0)` unrolled over T steps as lowering does it: the slice `x_t`
 * and the reshape before stacking outside the steps, `h_t = tanh(x_t @ Wx + h_{t−1} @ Wh + b)`
 * inside step t, params shared; loss = mean(hs) + mean(Wx²) (a use of Wx outside the steps).
 */
function rnn(T: number): Graph {
  const b = new GraphBuilder(lookupOp, "Rnn");
  const f64 = "f64";
  const xs = b.add("input", [], { role: "model", dtype: f64, shape: [2, T, 3] }, { name: "xs", span: LINE2 });
  const Wx = b.add("param", [], { dtype: f64, shape: [3, 4] }, { name: "hs.Wx" });
  const Wh = b.add("param", [], { dtype: f64, shape: [4, 4] }, { name: "hs.Wh" });
  const bias = b.add("param", [], { dtype: f64, shape: [4] }, { name: "hs.b" });
  let h = b.add("const", [], { value: 0, dtype: f64, shape: [2, 4] }, { name: "h0" });
  const stacked: string[] = [];
  for (let t = 0; t < T; t++) {
    const xt = b.withProvenance({ span: LINE2 }, () => b.add("reshape", [b.add("slice", [xs], { axis: 1, start: t, end: t + 1 })], { shape: [2, 3] }, { name: `hs[${t}].x` }));
    const prev = h;
    h = b.withProvenance({ span: LINE2, step: { group: "hs", index: t, count: T } }, () => {
      const pre = b.add("add", [b.add("matmul", [xt, Wx]), b.add("matmul", [prev, Wh])]);
      return b.add("tanh", [b.add("add", [pre, b.add("broadcast", [bias], { shape: [2, 4] })])], {}, { name: `hs[${t}].h` });
    });
    stacked.push(b.withProvenance({ span: LINE2 }, () => b.add("reshape", [h], { shape: [2, 1, 4] })));
  }
  const hs = b.add("concat", stacked, { axis: 1 }, { name: "hs" });
  const reg = b.add("reduce_mean", [b.add("mul", [Wx, Wx])], {}, { name: "reg" });
  const loss = b.add("add", [b.add("reduce_mean", [hs]), reg], {}, { name: "loss" });
  return b.finish([{ name: "loss", id: loss }]);
}

function explain(T: number): string {
  const r = nameCotangents(differentiate({ graph: rnn(T), of: "loss" }));
  return renderExplanation(r.graph, explainBackward(r, { source: SRC }), SRC);
}

describe("renderExplanation of an unrolled scan", () => {
  it("shows one step's rules once with the step count, for T = 64 in as many lines as for T = 4", () => {
    const t64 = explain(64);
    const t4 = explain(4);
    const lines = t64.trimEnd().split("\n");
    expect(lines.length).toBe(t4.trimEnd().split("\n").length);
    expect(lines.length).toBeLessThanOrEqual(150);
    expect(t64).toContain("steps 63 … 0 of hs (64 steps): the same rules for each step; shown for step 63:");
    // Step 63's statements are shown, those of step 62 … 0 are not.
    expect(t64).toMatch(/rule tanh\.vjp\.0 of hs\[63\]\.h/);
    expect(t64).not.toMatch(/tanh\.vjp\.0 of hs\[62\]\.h\b/);
    expect(t64).not.toMatch(/"dhs\[61\]/);
    // The last step's state has one use (the stack), the others two: that sum is shown once, for step 62.
    expect(t64).toMatch(/rules only other steps apply \(shown once, for the first step that does\):\n {2}"dhs\[62\]\.h": f64\[2, 4\] = add\(/);
    expect(t64).toMatch(/rule fanout of hs\[62\]\.h \(step 62\)/);
    // Steps 62 … 0: 11 statements each (10 rules + the sum), less step 0's dh0 = dh_pre·Whᵀ (h0 is a constant) and the sum shown for step 62.
    expect(t64).toContain(`  … ${63 * 11 - 1 - 1} more statements of the other steps apply the rules above\n`);
  });

  it("states each shared parameter's sum across the steps once", () => {
    const text = explain(64);
    expect(text).toContain("dhs.Wh = Σ_t of the cotangents from the 64 uses of hs.Wh in the 64 steps of hs\n");
    expect(text).toMatch(/\n {4}dhs\.Wx = Σ_t of the cotangents from the 64 uses of hs\.Wx in the 64 steps of hs \+ the cotangents from its 2 other uses \(in reg_pre\)\n/);
    expect(text.match(/Σ_t of the cotangents from the 64 uses of hs\.Wh/g)?.length).toBe(1);
    // No partial sum of a chain over the steps is shown: one fan-out statement per parameter, the whole sum.
    expect(text.match(/rule fanout of hs\.(Wx|Wh|b)\b/g)?.sort()).toEqual(["rule fanout of hs.Wh", "rule fanout of hs.Wx", "rule fanout of hs.b"]);
  });

  it("keeps the explanation of a graph without steps statement by statement", () => {
    const b = new GraphBuilder(lookupOp);
    const w = b.add("param", [], { dtype: "f64", shape: [] }, { name: "w" });
    const t = b.add("tanh", [w], {}, { name: "t" });
    let acc = b.add("exp", [t]);
    for (let i = 1; i < 4; i++) acc = b.add("add", [acc, b.add("exp", [t])]);
    const r = differentiate({ graph: b.finish([]), of: acc });
    const stmts = explainBackward(r);
    const text = renderExplanation(r.graph, stmts, SRC);
    expect(text.match(/^ {4}\S/gm)?.length).toBe(stmts.length);
    expect(text.match(/ = Σ of the cotangents from the \d uses of t/g)?.length).toBe(3);
  });
});
