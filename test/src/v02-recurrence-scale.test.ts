/**
 * Unrolling cost: an LSTM over 64 steps (LANGUAGE-V2.md's cell) checks, differentiates and generates
 * TypeScript in reasonable time, and its graph grows linearly with the step count.
 */
import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";

const lstm = (T: number): string => `dim B
block lstm_step(x: f32[B, I], h: f32[B, H], c: f32[B, H]) -> (h: f32[B, H], c: f32[B, H]) {
  param Wx: f32[I, 4 * H]
  param Wh: f32[H, 4 * H]
  param b:  f32[4 * H]
  (i, f, g, o) = split(x @ Wx + h @ Wh + b, 4, axis = -1)
  c2 = sigmoid(f) * c + sigmoid(i) * tanh(g)
  return (sigmoid(o) * tanh(c2), c2)
}
model Seq(xs: f32[B, ${T}, 8], h0: f32[B, 16], c0: f32[B, 16]) -> (logits: f32[B, 2]) {
  (hs, cs) = scan(lstm_step, xs, init = (h0, c0), axis = 1)
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
