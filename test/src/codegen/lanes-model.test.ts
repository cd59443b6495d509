/**
 * The one-op loops that run in WebAssembly lanes (codegen-ts lane-loop.ts, wasm/map-lanes.ts), in a
 * model compiled as `nnc compile` compiles it: a position table added over the batch (a row), layer
 * norm's centring and scaling (columns, one value per row), a bias (a row) and scalar products. The
 * class calls each lane form, and trains with its buffers in WebAssembly memory (lanes) exactly as
 * with plain arrays (the JavaScript loops): the same bits in every gradient, since the lanes do the
 * loop's own float64 arithmetic and round once. There is no matmul, whose SIMD kernel rounds differently.
 */
import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";
import { expectSameGradients, loadClass, trainedBothWays } from "./test-harness.ts";

const TEXT = `dim B
model Lanes(x: f32[B, 8, 16]) -> (y: f32[B, 8, 16]) {
  param P: f32[8, 16] = normal(0.0, 0.5)
  param b: f32[16] = normal(0.0, 0.5)
  h = layer_norm(x + P)
  y = 0.5 * h * h + b
}
train Lanes {
  input t: f32[B, 8, 16]
  loss = mean((y - t) * (y - t))
  optimizer = sgd(lr = 0.01)
}
`;

describe("one-op loops in WebAssembly lanes, in a compiled model", () => {
  it("takes the row, column and flat forms, and gives the gradients the JavaScript loops give, bit for bit", () => {
    const c = compile(TEXT, { fileName: "lanes.nn", generate: "class", target: "js", threads: 1 });
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const code = c.generated!.code;
    for (const form of ["mapLanesVR", "mapLanesVC", "mapLanesSV"]) expect(code, form).toContain(`.${form}(`);
    const Cls = loadClass(code, c.generated!.className);
    const { lanes, plain } = trainedBothWays(Cls, 4, 3);
    expectSameGradients(lanes, plain, ["P", "b"]);
  });
});
