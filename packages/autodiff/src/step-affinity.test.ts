import { describe, expect, it } from "vitest";
import { GraphBuilder, lookupOp } from "@nnc/ops";
import { differentiate } from "./differentiate.ts";
import { explainBackward } from "./explain.ts";
import { groupSteps } from "./explain-steps.ts";
import { stepAffinity } from "./step-affinity.ts";

/**
 * Two steps of `h_t = tanh(x_t * w + bw)` as lowering unrolls a scan: the slice x_t and the reshape
 * for stacking outside the steps, `bw = broadcast(w)` built in step 0 and shared by both (as CSE
 * leaves it), the stack concat and the loss outside.
 */
function twoSteps() {
  const b = new GraphBuilder(lookupOp);
  const xs = b.add("input", [], { role: "model", dtype: "f64", shape: [2, 3] }, { name: "xs" });
  const step = (index: number) => ({ step: { group: "hs", index, count: 2 } });
  const w = b.withProvenance(step(0), () => b.add("param", [], { dtype: "f64", shape: [3] }, { name: "w" }));
  const bw = b.withProvenance(step(0), () => b.add("mul", [w, w], {}, { name: "bw" }));
  const parts: string[] = [];
  for (const t of [0, 1]) {
    const xt = b.add("reshape", [b.add("slice", [xs], { axis: 0, start: t, end: t + 1 }, { name: `sl${t}` })], { shape: [3] }, { name: `x${t}` });
    const h = b.withProvenance(step(t), () => b.add("tanh", [b.add("add", [b.add("mul", [xt, w]), bw])], {}, { name: `h${t}` }));
    parts.push(b.add("reshape", [h], { shape: [1, 3] }, { name: `r${t}` }));
  }
  const hs = b.add("concat", parts, { axis: 0 }, { name: "hs" });
  const loss = b.add("reduce_sum", [hs], {}, { name: "loss" });
  return b.finish([{ name: "loss", id: loss }]);
}

describe("stepAffinity", () => {
  it("puts the values lowering places between steps in their step, and shared ones in none", () => {
    const aff = stepAffinity(twoSteps().nodes);
    const at = (id: string) => aff.get(id)?.index;
    // Slices by their users, stacking reshapes by their operands; steps' own nodes by their step.
    expect([at("sl0"), at("x0"), at("h0"), at("r0")]).toEqual([0, 0, 0, 0]);
    expect([at("sl1"), at("x1"), at("h1"), at("r1")]).toEqual([1, 1, 1, 1]);
    // A param created in step 0, a value of params only used by both steps, the stack and the loss: no step.
    expect([at("w"), at("bw"), at("hs"), at("loss"), at("xs")]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("groups the explanation by step: the concat's operand rules by their operand, shared sums once", () => {
    const r = differentiate({ graph: twoSteps(), of: "loss", wrt: ["w"] });
    const stmts = explainBackward(r);
    const concat = stmts.filter((s) => s.forward === "hs");
    expect(concat.map((s) => [s.step?.index, s.stepViaOperand])).toEqual([
      [0, true],
      [1, true],
    ]);
    const items = groupSteps(stmts);
    const groups = items.filter((i) => i.kind === "steps");
    expect(groups.map((g) => [g.group, g.count, g.first, g.last, g.shown])).toEqual([["hs", 2, 1, 0, 1]]);
    // Step 0 applies step 1's rules: nothing shown twice.
    expect(groups[0]!.also).toEqual([]);
    expect(groups[0]!.hidden.length).toBeGreaterThan(0);
    // w's gradient sums its uses in both steps (directly and through bw): one statement outside the group.
    const dw = items.flatMap((i) => (i.kind === "stmt" && i.stmt.id === "dw" ? [i.stmt] : []));
    expect(dw.map((s) => s.formula)).toEqual([expect.stringMatching(/^dw = Σ_t of the cotangents from the \d+ uses of w in the 2 steps of hs/) as unknown]);
  });
});
