/**
 * A drawn digit as MNIST prepares its images: the ink's bounding box is scaled (aspect kept) to fit a
 * 20×20 box, then placed in the 28×28 frame so that its centre of mass lies at the frame's centre
 * (14, 14) — LeCun et al.'s procedure, without which a digit drawn off-centre is not recognised.
 */

export const SIDE = 28;
const BOX = 20;

/** Ink in [0, 1] of a w×h image (row-major), e.g. a canvas's alpha channel divided by 255. */
export interface Ink {
  readonly w: number;
  readonly h: number;
  readonly data: Float32Array;
}

/** The smallest rectangle holding every pixel with ink > 0, or null for a blank image. */
export function inkBounds(ink: Ink): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = ink.w;
  let y0 = ink.h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < ink.h; y++) {
    for (let x = 0; x < ink.w; x++) {
      if (ink.data[y * ink.w + x]! <= 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Centre of mass (x, y) of a w×h image, pixel centres at +0.5; null when it has no mass. */
export function centreOfMass(data: ArrayLike<number>, w: number, h: number): { x: number; y: number } | null {
  let m = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x]!;
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return m > 0 ? { x: mx / m, y: my / m } : null;
}

/**
 * The 28×28 image (values in [0, 1], row-major) of `ink`: the bounding box resampled by area
 * averaging to at most 20×20 (its longer side exactly 20), shifted so its centre of mass is at (14, 14).
 */
export function mnistImage(ink: Ink): Float32Array {
  const out = new Float32Array(SIDE * SIDE);
  const b = inkBounds(ink);
  if (b === null) return out;
  const bw = b.x1 - b.x0;
  const bh = b.y1 - b.y0;
  const s = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * s));
  const th = Math.max(1, Math.round(bh * s));
  const small = new Float32Array(tw * th);
  // Target pixel (i, j) covers source [x0 + i·bw/tw, x0 + (i+1)·bw/tw) × the same in y: its mean ink.
  for (let j = 0; j < th; j++) {
    const sy0 = b.y0 + Math.floor((j * bh) / th);
    const sy1 = Math.max(sy0 + 1, b.y0 + Math.floor(((j + 1) * bh) / th));
    for (let i = 0; i < tw; i++) {
      const sx0 = b.x0 + Math.floor((i * bw) / tw);
      const sx1 = Math.max(sx0 + 1, b.x0 + Math.floor(((i + 1) * bw) / tw));
      let sum = 0;
      for (let y = sy0; y < sy1; y++) for (let x = sx0; x < sx1; x++) sum += ink.data[y * ink.w + x]!;
      small[j * tw + i] = Math.min(1, sum / ((sy1 - sy0) * (sx1 - sx0)));
    }
  }
  const cm = centreOfMass(small, tw, th)!;
  const dx = Math.round(SIDE / 2 - cm.x);
  const dy = Math.round(SIDE / 2 - cm.y);
  for (let j = 0; j < th; j++) {
    const y = j + dy;
    if (y < 0 || y >= SIDE) continue;
    for (let i = 0; i < tw; i++) {
      const x = i + dx;
      if (x >= 0 && x < SIDE) out[y * SIDE + x] = small[j * tw + i]!;
    }
  }
  return out;
}
