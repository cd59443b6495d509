// GENERATED from packages/lower/stdlib/*.nn by sources.test.ts: edit the `.nn` files, then run
// `NNC_UPDATE_GOLDEN=1 npx vitest run --root . --config ../../vitest.config.ts stdlib/sources` in
// packages/lower (or `npm run golden:update`). Embedded as strings so the browser needs no file access.

/** The standard library's source files, as shipped: blocks written in `.nn`, always in scope. */
export const LIBRARY_SOURCES: readonly { readonly file: string; readonly text: string }[] = [
  { file: "nnc:std/dense.nn", text: "## The standard library's fully connected layer: `x @ W + b`.\n## `out` is the number of features it produces; W starts He-uniform, b at zero.\nblock dense(x: f32[N, I], out: dim) -> f32[N, out] {\n  param W: f32[I, out] = he_uniform()\n  param b: f32[out]    = zeros()\n  return x @ W + b\n}\n" },
  { file: "nnc:std/norm.nn", text: "## Layer normalisation over the last axis (PyTorch's `nn.LayerNorm(D)`): each row minus its mean,\n## divided by its standard deviation (biased, plus `eps`), then scaled by `gamma` and shifted by `beta`.\nblock layer_norm(x: f32[N, D], eps: float = 0.00001) -> f32[N, D] {\n  param gamma: f32[D] = ones()\n  param beta:  f32[D] = zeros()\n  m = mean(x, axis = -1, keepdims = true)\n  v = mean((x - m) ^ 2, axis = -1, keepdims = true)\n  return gamma * (x - m) / sqrt(v + eps) + beta\n}\n" },
];
