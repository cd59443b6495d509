/**
 * im2col / col2im for conv2d (NCHW, OIHW): col[(c·KH + a)·KW + b, i·OW + j] = x[c, i·s + a − p, j·s + b − p]
 * (0 outside x), so y[n] = K·col with K viewed as O×(C·KH·KW). col2im adds col back into the
 * taps (the transpose), which is what the input gradient needs.
 */
import { header, simdGuard, type HelperTarget } from "./signature.ts";

const GEOM = ["C: number", "H: number", "W: number", "KH: number", "KW: number", "s: number", "p: number", "OH: number", "OW: number"];

/**
 * Visits every (row, output position) pair: tap (c, a, b) of output (i, j) reads x column
 * w = j·s + b − p, inside x for j in [jlo, jhi) (jlo = ⌈(p − b)/s⌉⁺, jhi = ⌊(W − 1 − b + p)/s⌋ + 1
 * clamped to OW), so the inner loop has no bounds test; `outside` runs for the other positions.
 */
function walk(t: HelperTarget, name: string, doc: string, params: readonly string[], inside: string, outside: string | null): string {
  const zero = (from: string, to: string): string[] => (outside === null ? [] : [`          for (let j = ${from}; j < ${to}; j++) ${outside}`]);
  return [
    `/** ${doc} */`,
    header(t, name, [...params, ...GEOM]),
    `  for (let c = 0, row = 0; c < C; c++) {`,
    `    for (let a = 0; a < KH; a++) {`,
    `      for (let b = 0; b < KW; b++, row++) {`,
    `        const jlo = Math.min(OW, Math.max(0, Math.ceil((p - b) / s)));`,
    `        const jhi = Math.max(jlo, Math.min(OW, Math.floor((W - 1 - b + p) / s) + 1));`,
    `        for (let i = 0; i < OH; i++) {`,
    `          const q = (row * OH + i) * OW;`,
    `          const r = i * s + a - p;`,
    `          if (r < 0 || r >= H) {`,
    ...zero("0", "OW").map((l) => `  ${l}`),
    `            continue;`,
    `          }`,
    `          const xr = xo + (c * H + r) * W + b - p;`,
    ...zero("0", "jlo"),
    `          for (let j = jlo; j < jhi; j++) ${inside}`,
    ...zero("jhi", "OW"),
    `        }`,
    `      }`,
    `    }`,
    `  }`,
    `}`,
  ].join("\n");
}

export function im2colHelper(t: HelperTarget): string {
  return walk(t, "im2col", "col = the receptive field of every output position of image x[xo…] (zero padded).", ["x: F", "xo: number", "col: F"], "col[q + j] = x[xr + j * s];", "col[q + j] = 0;");
}

export function col2imHelper(t: HelperTarget): string {
  return walk(t, "col2im", "dx[xo…] += col scattered back to the taps it was read from (the transpose of im2col).", ["col: F", "dx: F", "xo: number"], "dx[xr + j * s] += col[q + j];", null);
}

/** Floats of one image of `ch` planes padded by ph rows and pw columns (0 without padding: the kernels then leave it alone). */
const PADDED_IMAGE = (ch: string, h: string, w: string, ph: string, pw: string): string => `(${ph} === 0 && ${pw} === 0 ? 0 : ${ch} * (${h} + 2 * ${ph}) * (${w} + 2 * ${pw}))`;

const SIMD_GEOM = ["N: number", "C: number", "H: number", "W: number", "O: number", "KH: number", "KW: number", "s: number", "p: number", "OH: number", "OW: number"];

/**
 * A conv SIMD helper `name(a, b, out, scratch, N, C, H, W, O, KH, KW, s, p, OH, OW)`: false unless the
 * shape has a SIMD kernel (`applies`), every array lives in this model's memory (with its kernels) and
 * holds at least the floats the kernel touches (`sizes`: [array, floats] pairs), so a geometry or planning
 * slip takes the scalar path instead; C, KH, KW ≥ 1 (the kernels' counted loops run at least once) and
 * OH, OW are the sizes the geometry gives. Then `body` runs the kernel.
 */
function convSimdHelper(t: HelperTarget, name: string, doc: string, arrays: readonly [string, string, string, string], applies: string, sizes: readonly (readonly [string, string])[], body: readonly string[]): string {
  const [a, b, out, scratch] = arrays;
  const geometry = "C >= 1 && KH >= 1 && KW >= 1 && OH === Math.floor((H + 2 * p - KH) / s) + 1 && OW === Math.floor((W + 2 * p - KW) / s) + 1";
  const fits = sizes.map(([arr, n]) => `${arr}.length >= ${n}`).join(" && ");
  return [
    `/** ${doc} */`,
    header(t, name, [...arrays.map((x) => `${x}: F`), ...SIMD_GEOM], "boolean"),
    ...simdGuard([out, a, b, scratch], `${applies} && ${geometry}`, fits),
    ...body,
    `  return true;`,
    `}`,
  ].join("\n");
}

/**
 * kp[((f >> 2)·R + r)·4 + (f & 3)] = w(f, r) for f < F4 = F rounded up to 4 (0 for f ≥ F): the filters
 * interleaved by blocks of 4 (../wasm/conv-simd.ts reads the 4 weights of a tap as one 16-byte group).
 */
function packLines(F: string, R: string, w: string): string[] {
  return [
    `  const F4 = (${F} + 3) & -4, R = ${R};`,
    `  for (let f = 0; f < F4; f++) {`,
    `    for (let r = 0; r < R; r++) kp[((f >> 2) * R + r) * 4 + (f & 3)] = f < ${F} ? ${w} : 0;`,
    `  }`,
    `  const pad = kp.byteOffset + 16 * (F4 >> 2) * R;`,
  ];
}

export function conv2dSimdHelper(t: HelperTarget): string {
  const doc = "y = conv2d(x, K) for N images on the wasm SIMD kernel (stride 1 or 2, OW ≥ 4); false where it does not apply (then im2col + mmNN must). kp: scratch for the packed filters and a padded image.";
  const sizes = [
    ["x", "N * C * H * W"],
    ["K", "O * C * KH * KW"],
    ["y", "N * O * OH * OW"],
    ["kp", `((O + 3) & -4) * C * KH * KW + ${PADDED_IMAGE("C", "H", "W", "p", "p")}`],
  ] as const;
  return convSimdHelper(t, "conv2dSimd", doc, ["x", "K", "y", "kp"], "(s === 1 || s === 2) && OW >= 4", sizes, [
    ...packLines("O", "C * KH * KW", "K[f * R + r]"),
    // Unpadded, each image reads x and writes y alone: the call may be cut by images (0.05 ns a
    // multiply-add on one thread, as the matmuls). Padded, every image goes through the one pad
    // scratch: work 0, which simdCall never cuts.
    `  const work = p === 0 ? 0.05 * N * O * OH * OW * C * KH * KW : 0;`,
    `  this.simdCall(k, y.buffer, s === 1 ? "conv2dS1" : "conv2dS2", work, 4, 1, [x.byteOffset, kp.byteOffset, y.byteOffset, pad, N, C, H, W, O, KH, KW, p, p, OH, OW], [4 * C * H * W, 0, 4 * O * OH * OW, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);`,
  ]);
}

export function conv2dWeightGradSimdHelper(t: HelperTarget): string {
  const doc = "dK = Σ_n dy[n]·im2col(x[n])ᵀ for N images on the wasm SIMD kernel (stride 1 or 2, OW ≥ 4); false where it does not apply. pad: scratch for one padded image.";
  const sizes = [
    ["x", "N * C * H * W"],
    ["dy", "N * O * OH * OW"],
    ["dK", "O * C * KH * KW"],
    ["pad", PADDED_IMAGE("C", "H", "W", "p", "p")],
  ] as const;
  return convSimdHelper(t, "conv2dWeightGradSimd", doc, ["x", "dy", "dK", "pad"], "(s === 1 || s === 2) && OW >= 4", sizes, [
    `  k[s === 1 ? "conv2dGradS1" : "conv2dGradS2"](x.byteOffset, dy.byteOffset, dK.byteOffset, pad.byteOffset, N, C, H, W, O, KH, KW, p, p, OH, OW);`,
  ]);
}

/**
 * For stride 1 the input gradient is a convolution: dx[n, c, r, w] = Σ_{o,a,b} K[o, c, a, b]·dy[n, o, r + p − a, w + p − b]
 * = conv2d(dy padded by KH − 1 − p and KW − 1 − p, K') with K'[c, o, a, b] = K[o, c, KH − 1 − a, KW − 1 − b].
 */
export function conv2dInputGradSimdHelper(t: HelperTarget): string {
  const doc = "dx = the input gradient of conv2d for N images on the wasm SIMD forward kernel (stride 1, p < KH and KW, W ≥ 4); false where it does not apply. kp: scratch for the packed flipped filters and a padded dy image.";
  const sizes = [
    ["dy", "N * O * OH * OW"],
    ["K", "O * C * KH * KW"],
    ["dx", "N * C * H * W"],
    ["kp", `((C + 3) & -4) * O * KH * KW + ${PADDED_IMAGE("O", "OH", "OW", "(KH - 1 - p)", "(KW - 1 - p)")}`],
  ] as const;
  return convSimdHelper(t, "conv2dInputGradSimd", doc, ["dy", "K", "dx", "kp"], "s === 1 && p < KH && p < KW && W >= 4", sizes, [
    `  const KK = KH * KW;`,
    ...packLines("C", "O * KK", "K[((Math.floor(r / KK) * C + f) * KH + KH - 1 - Math.floor((r % KK) / KW)) * KW + KW - 1 - (r % KW)]"),
    `  k.conv2dS1(dy.byteOffset, kp.byteOffset, dx.byteOffset, pad, N, O, OH, OW, C, KH, KW, KH - 1 - p, KW - 1 - p, H, W);`,
  ]);
}
