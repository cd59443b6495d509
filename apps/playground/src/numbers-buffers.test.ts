import { describe, expect, it } from "vitest";
import { analyze } from "./analyze.ts";
import { nodeNumbers } from "./numbers.ts";

const BN = `dim B
model Net(x: f32[B, 3]) -> (y: f32[B, 4]) {
  param W: f32[3, 4] = glorot_uniform()
  buffer mean_run: f32[4] = constant(0.5)
  h = x @ W
  m = mean(h, axis = 0)
  next mean_run = 0.9 * mean_run + 0.1 * stop_gradient(m)
  y = h - where(training, m, mean_run)
}
`;

describe("numbers of a model with buffers", () => {
  it("evaluate the graph with the buffers at their initial values", () => {
    const a = analyze("bn.nn", BN);
    const r = nodeNumbers(a.forward!, "h", 1);
    if ("reason" in r) throw new Error(r.reason);
    expect(r.operands.map((o) => o.operand).sort()).toEqual(["W", "x"]);
    expect(nodeNumbers(a.forward!, "mean_run", 1)).toEqual({ reason: "a source value: select an op to see its Jacobian" });
  });
});
