/**
 * im2col / col2im for conv2d (NCHW, OIHW): col[(c·KH + a)·KW + b, i·OW + j] = x[c, i·s + a − p, j·s + b − p]
 * (0 outside x), so y[n] = K·col with K viewed as O×(C·KH·KW). col2im adds col back into the
 * taps (the transpose), which is what the input gradient needs.
 */
import { header, type HelperTarget } from "./signature.ts";

const GEOM = ["C: number", "H: number", "W: number", "KH: number", "KW: number", "s: number", "p: number", "OH: number", "OW: number"];

function walk(t: HelperTarget, name: string, doc: string, params: readonly string[], inside: string, outside: string | null): string {
  return [
    `/** ${doc} */`,
    header(t, name, [...params, ...GEOM]),
    `  for (let c = 0, row = 0; c < C; c++) {`,
    `    for (let a = 0; a < KH; a++) {`,
    `      for (let b = 0; b < KW; b++, row++) {`,
    `        for (let i = 0, q = row * OH * OW; i < OH; i++) {`,
    `          const r = i * s + a - p;`,
    `          const inRow = r >= 0 && r < H;`,
    `          for (let j = 0; j < OW; j++, q++) {`,
    `            const w = j * s + b - p;`,
    `            if (inRow && w >= 0 && w < W) ${inside}`,
    ...(outside === null ? [] : [`            else ${outside}`]),
    `          }`,
    `        }`,
    `      }`,
    `    }`,
    `  }`,
    `}`,
  ].join("\n");
}

export function im2colHelper(t: HelperTarget): string {
  return walk(t, "im2col", "col = the receptive field of every output position of image x[xo…] (zero padded).", ["x: F", "xo: number", "col: F"], "col[q] = x[xo + (c * H + r) * W + w];", "col[q] = 0;");
}

export function col2imHelper(t: HelperTarget): string {
  return walk(t, "col2im", "dx[xo…] += col scattered back to the taps it was read from (the transpose of im2col).", ["col: F", "dx: F", "xo: number"], "dx[xo + (c * H + r) * W + w] += col[q];", null);
}
