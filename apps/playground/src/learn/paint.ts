/** Small images of tensors on canvases: ink (0 … 1, dark on white) and signed values (blue − / red +). */

export type Rgb = readonly [number, number, number];

/** v in [0, 1] → white (0) to near-black ink (1). */
export function inkColour(v: number): Rgb {
  const c = Math.round(255 - 225 * Math.min(1, Math.max(0, v)));
  return [c, c, c - Math.round(c * 0.04)];
}

/** Diverging: −max → blue (#2f5bd3), 0 → white, +max → red (#c0392b); max ≤ 0 paints white. */
export function signColour(v: number, max: number): Rgb {
  const t = max > 0 ? Math.min(1, Math.abs(v) / max) : 0;
  const [r, g, b]: Rgb = v < 0 ? [47, 91, 211] : [192, 57, 43];
  return [Math.round(255 + (r - 255) * t), Math.round(255 + (g - 255) * t), Math.round(255 + (b - 255) * t)];
}

/** Largest |v| of data[from … from + n). */
export function maxAbs(data: ArrayLike<number>, from = 0, n = data.length - from): number {
  let m = 0;
  for (let i = from; i < from + n; i++) m = Math.max(m, Math.abs(data[i]!));
  return m;
}

/** Paints the w×h values data[from …] one canvas pixel each (CSS scales it up, pixelated). */
export function paintValues(canvas: HTMLCanvasElement, data: ArrayLike<number>, from: number, w: number, h: number, colour: (v: number) => Rgb): void {
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext("2d");
  if (ctx === null) return;
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const [r, g, b] = colour(data[from + i]!);
    img.data[4 * i] = r;
    img.data[4 * i + 1] = g;
    img.data[4 * i + 2] = b;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
