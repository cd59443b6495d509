/**
 * Unrolling cost: an LSTM over 64 steps (the standard library's lstm_cell, LANGUAGE-V2.md's cell)
 * checks, differentiates and generates TypeScript in reasonable time, and its graph grows linearly with the step count.
 */
import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";

const lstm = (T: number): string => `dim B
model Seq(xs: f32[B, ${T}, 8], h0: f32[B, 16], c0: f32[B, 16]) -> (logits: f32[B, 2]) {
  (hs, cs) = scan(lstm_cell, xs, init = (h0, c0), axis = 1)
  param Wo: f32[${T} * 16, 2]
  logits = reshape(hs, [B, ${T} * 16]) @ Wo
}
train Seq {
  input label: i32[B]
  loss = mean(cross_entropy(logits, label))
  optimizer = adam(lr = 0.01)
}
`;

describe("scan unrolling cost", () => {
  it("an LSTM over 64 steps compiles (check, gradient, generated code) in seconds, its graph linear in T", () => {
    const sizes: number[] = [];
    for (const T of [32, 64]) {
      const start = performance.now();
      const c = compile(lstm(T), { fileName: `lstm${T}.nn` });
      const ms = performance.now() - start;
      expect(c.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
      expect(c.gradient!.grads["hs.Wx"]).toBeDefined();
      expect(ms, `compile of T = ${T} took ${Math.round(ms)} ms`).toBeLessThan(30_000);
      sizes.push(c.forward!.nodes.length);
    }
    // per-step nodes are the same count: doubling T at most doubles the forward graph
    expect(sizes[1]!).toBeLessThanOrEqual(2 * sizes[0]!);
    expect(sizes[1]!).toBeGreaterThan(1.8 * sizes[0]!);
  });
});
