import { describe, expect, it } from "vitest";
import { compile } from "./compile.ts";
import { renderExplanation } from "./explanation.ts";

/** A model built from the standard library's `dense` and `layer_norm`: their nodes are inlined from nnc:std/*.nn. */
const SRC = `dim B
model M(x: f32[B, 3]) -> (y: f32[B, 2]) {
  h = dense(x, out = 2)
  y = layer_norm(h)
}
train M {
  input t: f32[B, 2]
  loss = mean((y - t) ^ 2)
  optimizer = sgd(lr = 0.1)
}
`;

describe("grad --explain over standard-library blocks", () => {
  it("attributes a rule inside a library block to the user's call, quoting that line of the user's file", () => {
    const c = compile(SRC, { fileName: "lib.nn", dtype: "f64", generate: "none" });
    expect(c.diagnostics).toEqual([]);
    const stmts = c.explanation ?? [];
    expect(stmts.length).toBeGreaterThan(10);
    for (const s of stmts) expect(s.span?.file, s.id).toBe("lib.nn");
    // layer_norm's own nodes (its binding names are under `y.`: y.xc, y.v, …) are at the call `y = layer_norm(h)`
    const inNorm = stmts.filter((s) => s.forwardName?.startsWith("y.") === true);
    expect(inNorm.length).toBeGreaterThan(0);
    for (const s of inNorm) expect([s.line, s.sourceLine]).toEqual([4, "y = layer_norm(h)"]);
    const text = renderExplanation(c.optimized!.graph, stmts, c.source);
    expect(text).toContain(" — lib.nn:4  y = layer_norm(h)\n");
    expect(text).toContain(" — lib.nn:3  h = dense(x, out = 2)\n");
    expect(text).not.toContain("nnc:std/");
  });
});
