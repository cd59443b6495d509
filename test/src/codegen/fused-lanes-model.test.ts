/**
 * Fused elementwise groups in WebAssembly lanes (codegen-ts wasm/fused-lanes.ts, emit-program.ts
 * fusedLaneCode), in a model compiled as `nnc compile` compiles it: layer norm's forward and backward
 * groups (rows, columns and scalars), its row means and variances and their gradients' row sums,
 * gelu's backward with its exp, a residual product, the parameters' gradients summed over rows, and
 * a causal mask's bytes (a row of the scores forward; backward, rows of a head's block, block by block).
 * The class runs those groups in its own kernels and trains exactly as with plain arrays (the
 * JavaScript loops):
 * the same bits in every gradient, since the lanes take the loops' float64 steps and round once.
 * There is no matmul, whose SIMD kernel rounds differently.
 */
import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";
import { expectSameGradients, loadClass, trainedBothWays } from "./test-harness.ts";

const TEXT = `dim B
model Fused(x: f32[B, 8, 16]) -> (y: f32[B, 8, 16]) {
  param P: f32[8, 16] = normal(0.0, 0.5)
  param b: f32[16] = normal(0.0, 0.5)
  h = layer_norm(x + P)
  y = gelu(h) * exp(0.0 - h * h) + relu(h) * b
}
train Fused {
  input t: f32[B, 8, 16]
  loss = mean((y - t) * (y - t))
  optimizer = sgd(lr = 0.01)
}
`;

// Per-channel parameters over a batch of images: a column repeated over the batch axis (the CNN's bias).
const CHANNELS = `dim B
model Chan(x: f32[B, 4, 6, 8]) -> (y: f32[B, 4, 6, 8]) {
  param kb: f32[1, 4, 1, 1] = normal(0.0, 0.5)
  param s: f32[4, 1, 1] = normal(1.0, 0.5)
  y = relu(x * s + kb)
}
train Chan {
  input t: f32[B, 4, 6, 8]
  loss = mean((y - t) * (y - t))
  optimizer = sgd(lr = 0.01)
}
`;

// Causal attention scores: a bool [8, 8] mask over [B, 2, 8, 8] (a row of 64 forward; backward, with
// softmax's per-row sum as a column of rows of 8, a mask spanning 8 rows, repeated head after head).
const MASKED = `dim B
model Masked(x: f32[B, 2, 8, 8]) -> (y: f32[B, 2, 8, 8]) {
  param w: f32[8, 8] = normal(0.0, 0.5)
  param v: f32[8, 8] = normal(0.0, 0.5)
  y = softmax(where(tril(8), (x * w + v) * 0.5, -1e9), axis = -1)
}
train Masked {
  input t: f32[B, 2, 8, 8]
  loss = mean((y - t) * (y - t))
  optimizer = sgd(lr = 0.01)
}
`;

describe("fused groups in WebAssembly lanes, in a compiled model", () => {
  it("reads a bool mask's bytes in lanes: a row of the scores forward, a block of rows backward, with the JavaScript loops' bits", () => {
    const c = compile(MASKED, { fileName: "masked.nn", generate: "class", target: "js", threads: 1 });
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const code = c.generated!.code;
    const mask = /\b(\w+)\[_i \* 8 \+ _j\] = _j - _i <= 0/.exec(code)?.[1];
    expect(mask, "the tril mask's local").toBeDefined();
    // Forward: rows of 64, the mask the same 64 bytes for every row (its cut step 0).
    expect(code).toMatch(new RegExp(`_lanes[^;]*"fused\\d+"[^;]*\\b${mask}\\.byteOffset, [^;]*\\(2 \\* rows\\), 64\\], \\[4 \\* 64, 0, 0, 0, 0, 0, 4 \\* 64, 0, 0\\]\\);`));
    // Backward: a call per head's 8 × 8 block, the mask not advanced, the arrays a block on, softmax's row sums 8 on.
    expect(code).toMatch(new RegExp(`for \\(let _b = 0; _b < \\(2 \\* rows\\); _b\\+\\+\\) _lanes\\.fused\\d+\\([^;]*_b \\* 4 \\* 8, [^;]*\\b${mask}\\.byteOffset, [^;]*_b \\* 4 \\* 8 \\* 8, 8, 8\\);`));
    const Cls = loadClass(code, c.generated!.className);
    const { lanes, plain } = trainedBothWays(Cls, 3, 5);
    expectSameGradients(lanes, plain, ["w", "v"]);
  });


  it("runs per-channel groups block by block (one call per image) and their channel sums, with the JavaScript loops' bits", () => {
    const c = compile(CHANNELS, { fileName: "chan.nn", generate: "class", target: "js", threads: 1 });
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const code = c.generated!.code;
    // The forward group: x at image _b's rows, kb and s the same 4 floats for every image, y written at _b's rows.
    expect(code).toMatch(/for \(let _b = 0; _b < rows; _b\+\+\) _lanes\.fused\d+\(x\.byteOffset \+ _b \* 4 \* 4 \* 48, (?:s|kb)\.byteOffset, (?:s|kb)\.byteOffset, y\.byteOffset \+ _b \* 4 \* 4 \* 48, 4, 48\);/);
    // The gradients of kb and s: each image's 4 rows of 48 summed into the same 4 floats, image after image.
    const sums = [...code.matchAll(/for \(let _b = 0; _b < rows; _b\+\+\) _lanes\.fused\d+\([^;]*, (\w+)\.byteOffset, 4, 48\);/g)].map((m) => m[1]);
    expect(sums.length, `blocked channel sums into ${sums.join(", ")}`).toBeGreaterThanOrEqual(2);
    const Cls = loadClass(code, c.generated!.className);
    const { lanes, plain } = trainedBothWays(Cls, 3, 5);
    expectSameGradients(lanes, plain, ["kb", "s"]);
  });

  it("runs the groups in the class's kernels and gives the gradients the JavaScript loops give, bit for bit", () => {
    const c = compile(TEXT, { fileName: "fused.nn", generate: "class", target: "js", threads: 1 });
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const code = c.generated!.code;
    const calls = [...code.matchAll(/_lanes\.(fused\d+)\(/g)].map((m) => m[1]);
    expect(new Set(calls).size, "distinct fused kernels").toBeGreaterThanOrEqual(4);
    expect(code, "b's gradient: a reduction of rows in lanes").toMatch(/db\.fill\(0, 0, 16\);\n\s*\{\n\s*const _lanes = /);
    expect(code, "layer norm's variance: a row carried over in lanes").toMatch(/_lanes\.fused\d+\(h_xc\.byteOffset, h_v\.byteOffset, \(8 \* rows\), 16\);\n\s*else \{\n.*\n\s*let _acc = h_v\[_i\];/);
    expect(code.match(/let _acc = \w+\[_i\];/g)?.length, "every row carried over: a fallback loop of a lane kernel").toBe(code.match(/_lanes\.fused\d+\([^;]*\);\n\s*else \{\n.*\n\s*let _acc = \w+\[_i\];/g)?.length);
    expect(code, "gelu's backward: exp32 in a fused group").toMatch(/_lanes\.fused\d+\(.*\);\n\s*else \{\n(?:.*\n){0,15}?.*exp32\(/);
    const Cls = loadClass(code, c.generated!.className);
    const { lanes, plain } = trainedBothWays(Cls, 3, 5);
    expectSameGradients(lanes, plain, ["P", "b"]);
  });
});
