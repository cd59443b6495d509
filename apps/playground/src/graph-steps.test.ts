import { describe, expect, it } from "vitest";
import { analyze } from "./analyze.ts";
import { backwardDrawing, forwardDrawing, type DrawnGraph } from "./graph-model.ts";

/** `hs = scan(rnn_step, xs, init = h0)` over `steps` steps: the playground draws it after `analyze`. */
function rnn(steps: number) {
  const a = analyze(
    "rnn.nn",
    `dim B

block rnn_step(x: f32[B, 3], h: f32[B, 4]) -> f32[B, 4] {
  param Wx: f32[3, 4]
  param Wh: f32[4, 4]
  return tanh(x @ Wx + h @ Wh)
}

model Rnn(xs: f32[B, ${steps}, 3], h0: f32[B, 4]) -> (y: f32[B, ${steps}, 4]) {
  y = scan(rnn_step, xs, init = h0, axis = 1)
}
`,
  );
  expect(a.ok).toBe(true);
  return { fwd: forwardDrawing(a.forward!), bwd: backwardDrawing(a.grad!) };
}

/** Every edge joins two drawn boxes, at most once, never a box to itself. */
function wellFormed(d: DrawnGraph): void {
  const keys = new Set(d.boxes.map((b) => b.key));
  expect(keys.size).toBe(d.boxes.length);
  for (const e of d.edges) {
    expect(keys.has(e.from) && keys.has(e.to) && e.from !== e.to).toBe(true);
  }
  expect(new Set(d.edges.map((e) => `${e.from}>${e.to}`)).size).toBe(d.edges.length);
}

describe("drawing an unrolled scan", () => {
  it("draws the last step box for box and merges the others into one box per graph, for 32 steps as for 3", () => {
    const [t32, t3] = [rnn(32), rnn(3)];
    for (const d of [t32.fwd, t32.bwd]) wellFormed(d);
    expect(t32.fwd.boxes.length).toBe(t3.fwd.boxes.length);
    expect(t32.bwd.boxes.length).toBe(t3.bwd.boxes.length);
    expect(t32.fwd.boxes.length).toBeLessThan(40);
    const merged = t32.fwd.boxes.find((b) => b.key === "f:steps:y")!;
    expect(merged).toMatchObject({ title: "y: steps 30 … 0", detail: "31 more steps like step 31", kind: "ghost" });
    // The merged box stands for every node of steps 30 … 0 (three per step at least: two matmuls and the tanh).
    expect(merged.ids.length).toBeGreaterThanOrEqual(31 * 3);
    expect(t32.bwd.boxes.some((b) => b.key === "b:steps:y")).toBe(true);
  });
});
