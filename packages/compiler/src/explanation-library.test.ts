import { describe, expect, it } from "vitest";
import { compile } from "./compile.ts";
import { renderExplanation } from "./explanation.ts";

/** A model built from the standard library's `dense` and `layer_norm` (their nodes' spans are in nnc:std/*.nn). */
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
  it("names the library file and line of an inlined node and never quotes the user's file at that line", () => {
    const c = compile(SRC, { fileName: "lib.nn", dtype: "f64", generate: "none" });
    expect(c.diagnostics).toEqual([]);
    const stmts = c.explanation ?? [];
    const inLibrary = stmts.filter((s) => s.span?.file.startsWith("nnc:std/") === true);
    expect(inLibrary.length).toBeGreaterThan(0);
    for (const s of inLibrary) expect(s.sourceLine, s.id).toBeUndefined();
    const mine = stmts.filter((s) => s.span?.file === "lib.nn");
    expect(mine.some((s) => s.sourceLine === "loss = mean((y - t) ^ 2)")).toBe(true);
    const text = renderExplanation(c.optimized!.graph, stmts, c.source);
    expect(text).toMatch(/ — nnc:std\/norm\.nn:\d+\n/);
    expect(text).toContain(" — lib.nn:8  loss = mean((y - t) ^ 2)\n");
    // no line of the user's file is attributed to a library line number
    for (const line of text.split("\n").filter((l) => l.includes(" — lib.nn:"))) expect(line).toMatch(/ — lib\.nn:8 {2}loss = /);
  });
});
