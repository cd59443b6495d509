/**
 * Tensors as small images, as CNN Explainer shows them: a [C, H, W] value as C tiles of H×W, a [N]
 * value as one strip wrapped into rows, a [O, I, kh, kw] kernel as O·I tiles. Colours are signed
 * (blue negative, white 0, red positive), scaled by the largest magnitude of the whole tensor.
 */
import { h } from "../dom.ts";
import { maxAbs, paintValues, signColour } from "./paint.ts";
import type { Tensor } from "./inspect-types.ts";

/** The tiles of one example (row `row`) of a forward value whose shape[0] is the rows. */
export function rowTiles(t: Tensor, row: number): { count: number; w: number; h: number; from: number } {
  const rest = t.shape.slice(1);
  const per = rest.reduce((a, b) => a * b, 1);
  const from = row * per;
  if (rest.length === 3) return { count: rest[0]!, h: rest[1]!, w: rest[2]!, from };
  if (rest.length === 2) return { count: 1, h: rest[0]!, w: rest[1]!, from };
  // A vector of N units: one strip, ⌈√N⌉ wide (128 → 12 × 11).
  const w = Math.ceil(Math.sqrt(per));
  return { count: 1, w, h: Math.ceil(per / w), from };
}

/** Canvases for `count` tiles of w×h starting at `from` (a ragged last tile of a strip is padded with 0). */
export function tileCanvases(data: Float32Array, tiles: { count: number; w: number; h: number; from: number }, label: (i: number) => string): HTMLCanvasElement[] {
  const size = tiles.w * tiles.h;
  const all = data.subarray(tiles.from, tiles.from + tiles.count * size);
  const max = maxAbs(all);
  const out: HTMLCanvasElement[] = [];
  for (let i = 0; i < tiles.count; i++) {
    const c = h("canvas", { class: "tile", role: "img", "aria-label": label(i) });
    const padded = new Float32Array(size);
    padded.set(all.subarray(i * size, Math.min(all.length, (i + 1) * size)));
    paintValues(c, padded, 0, tiles.w, tiles.h, (v) => signColour(v, max));
    // Channels as CNN Explainer's small multiples; a lone vector or matrix larger (≈ 12 px a unit, ≤ 168 px).
    c.style.width = tiles.count > 1 ? `${Math.max(18, Math.min(56, tiles.w * 2))}px` : `${Math.min(168, Math.max(48, tiles.w * 12))}px`;
    out.push(c);
  }
  return out;
}

/** The range of a slice of data, as a person reads it: "−0.12 … 1.3". */
export function rangeText(data: ArrayLike<number>, from: number, n: number): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < from + n; i++) {
    lo = Math.min(lo, data[i]!);
    hi = Math.max(hi, data[i]!);
  }
  const f = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(2)).toString().replace("-", "−") : "?");
  return `${f(lo)} … ${f(hi)}`;
}
