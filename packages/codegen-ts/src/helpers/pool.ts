/**
 * Pooling over NCHW planes without padding: window (i, j) covers rows i·stride … i·stride + size − 1.
 * The max routes to the FIRST maximum of its window in row-major order (strict `>`), like the
 * reference; overlapping windows accumulate in the gradients.
 */
import { header, simdGuard, type HelperTarget } from "./signature.ts";

const GEOM = ["planes: number", "H: number", "W: number", "OH: number", "OW: number", "size: number", "stride: number"];

function windows(t: HelperTarget, name: string, doc: string, params: readonly string[], pre: readonly string[], body: readonly string[]): string {
  return [
    `/** ${doc} */`,
    header(t, name, [...params, ...GEOM]),
    ...pre.map((l) => `  ${l}`),
    `  for (let pl = 0; pl < planes; pl++) {`,
    `    const xo = pl * H * W;`,
    `    for (let i = 0; i < OH; i++) {`,
    `      for (let j = 0; j < OW; j++) {`,
    `        const yi = (pl * OH + i) * OW + j;`,
    ...body.map((l) => `        ${l}`),
    `      }`,
    `    }`,
    `  }`,
    `}`,
  ].join("\n");
}

// The 2×2 window (the common case) unrolled, visiting q, q + 1, q + W, q + W + 1 in the same
// row-major order as the general loop, so the same first maximum wins.
const ARGMAX = [
  `let best = xo + i * stride * W + j * stride;`,
  `if (size === 2) {`,
  `  const q = best;`,
  `  let m = x[q];`,
  `  if (x[q + 1] > m) { best = q + 1; m = x[best]; }`,
  `  if (x[q + W] > m) { best = q + W; m = x[best]; }`,
  `  if (x[q + W + 1] > m) best = q + W + 1;`,
  `} else {`,
  `  for (let u = 0; u < size; u++) {`,
  `    for (let v = 0, q = xo + (i * stride + u) * W + j * stride; v < size; v++, q++) if (x[q] > x[best]) best = q;`,
  `  }`,
  `}`,
];

export function maxpoolHelper(t: HelperTarget): string {
  return windows(t, "maxpool", "y = the max of each window.", ["x: F", "y: F"], [], [...ARGMAX, `y[yi] = x[best];`]);
}

export function maxpoolGradHelper(t: HelperTarget): string {
  return windows(t, "maxpoolGrad", "dx = dy added at each window's first maximum.", ["x: F", "dy: F", "dx: F"], ["dx.fill(0, 0, planes * H * W);"], [...ARGMAX, `dx[best] += dy[yi];`]);
}

export function maxpoolGatherHelper(t: HelperTarget): string {
  return windows(t, "maxpoolGather", "y = g read at each window's first maximum of x.", ["x: F", "g: F", "y: F"], [], [...ARGMAX, `y[yi] = g[best];`]);
}

export function avgpoolHelper(t: HelperTarget): string {
  return windows(t, "avgpool", "y = the mean of each window.", ["x: F", "y: F"], ["const inv = 1 / (size * size);"], [
    `let sum = 0;`,
    `for (let u = 0; u < size; u++) for (let v = 0, q = xo + (i * stride + u) * W + j * stride; v < size; v++, q++) sum += x[q];`,
    `y[yi] = sum * inv;`,
  ]);
}

export function avgpoolGradHelper(t: HelperTarget): string {
  return windows(t, "avgpoolGrad", "dx = dy/size² spread over each window.", ["dy: F", "dx: F"], ["const inv = 1 / (size * size);", "dx.fill(0, 0, planes * H * W);"], [
    `const g = dy[yi] * inv;`,
    `for (let u = 0; u < size; u++) for (let v = 0, q = xo + (i * stride + u) * W + j * stride; v < size; v++, q++) dx[q] += g;`,
  ]);
}

/**
 * The first lines of a pool SIMD helper: false unless it is a 2×2 stride-2 pool with OW ≥ 4 whose
 * windows lie inside the planes, on arrays in this model's memory that hold at least the floats the
 * kernel touches (`big`: planes·H·W, `small`: planes·OH·OW).
 */
function poolGuard(arrays: readonly [string, ...string[]], big: readonly string[], small: readonly string[]): string[] {
  const fits = [...big.map((a) => `${a}.length >= planes * H * W`), ...small.map((a) => `${a}.length >= planes * OH * OW`)].join(" && ");
  return simdGuard(arrays, "size === 2 && stride === 2 && OW >= 4 && 2 * OH <= H && 2 * OW <= W", fits);
}

export function maxpoolSimdHelper(t: HelperTarget): string {
  return [
    `/** maxpool on the wasm SIMD kernel (2×2 windows, stride 2, OW ≥ 4, same first maximum); false where it does not apply (then maxpool must). */`,
    header(t, "maxpoolSimd", ["x: F", "y: F", ...GEOM], "boolean"),
    ...poolGuard(["y", "x"], ["x"], ["y"]),
    `  k.maxpool2(x.byteOffset, y.byteOffset, planes, H, W, OH, OW);`,
    `  return true;`,
    `}`,
  ].join("\n");
}

export function maxpoolGradSimdHelper(t: HelperTarget): string {
  return [
    `/** maxpoolGrad on the wasm SIMD kernel (2×2 windows, stride 2, OW ≥ 4); false where it does not apply (then maxpoolGrad must). */`,
    header(t, "maxpoolGradSimd", ["x: F", "dy: F", "dx: F", ...GEOM], "boolean"),
    ...poolGuard(["dx", "x", "dy"], ["x", "dx"], ["dy"]),
    `  // The kernel writes rows < 2·OH and columns < 2·OW of every plane; a last odd row or column gets no gradient.`,
    `  if (H !== 2 * OH || W !== 2 * OW) dx.fill(0, 0, planes * H * W);`,
    `  k.maxpool2Grad(x.byteOffset, dy.byteOffset, dx.byteOffset, planes, H, W, OH, OW);`,
    `  return true;`,
    `}`,
  ].join("\n");
}
