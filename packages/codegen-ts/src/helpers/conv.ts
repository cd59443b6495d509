/**
 * im2col / col2im for conv2d (NCHW, OIHW): col[(c·KH + a)·KW + b, i·OW + j] = x[c, i·s + a − p, j·s + b − p]
 * (0 outside x), so y[n] = K·col with K viewed as O×(C·KH·KW). col2im adds col back into the
 * taps (the transpose), which is what the input gradient needs.
 */
import { header, type HelperTarget } from "./signature.ts";

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
