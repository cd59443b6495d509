/**
 * Float64 reference loops of conv2d and pooling (NCHW, OIHW). The three conv ops share one visitor
 * over the triples (input element, kernel element, output element) that meet in a product:
 *   y[n,o,i,j] = Σ_{c,a,b} x[n,c, i·s + a − p, j·s + b − p] · k[o,c,a,b]   (taps outside x are 0),
 * so conv2d, its input gradient and its weight gradient are exact transposes of one another.
 */
import { tensor, type Tensor } from "../tensor.ts";

type Shape4 = readonly [number, number, number, number];

function shape4(s: readonly number[]): Shape4 {
  return [s[0]!, s[1]!, s[2]!, s[3]!];
}

/** Calls `visit(xi, ki, yi)` with flat indices for every in-bounds tap of every output element. */
function convVisit(xShape: readonly number[], kShape: readonly number[], yShape: readonly number[], s: number, p: number, visit: (xi: number, ki: number, yi: number) => void): void {
  const [n, c, h, w] = shape4(xShape);
  const [o, , kh, kw] = shape4(kShape);
  const [, , oh, ow] = shape4(yShape);
  for (let b = 0; b < n; b++)
    for (let f = 0; f < o; f++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          const yi = ((b * o + f) * oh + i) * ow + j;
          for (let ch = 0; ch < c; ch++)
            for (let u = 0; u < kh; u++) {
              const r = i * s + u - p;
              if (r < 0 || r >= h) continue;
              for (let v = 0; v < kw; v++) {
                const q = j * s + v - p;
                if (q < 0 || q >= w) continue;
                visit(((b * c + ch) * h + r) * w + q, ((f * c + ch) * kh + u) * kw + v, yi);
              }
            }
        }
}

export function conv2d(x: Tensor, k: Tensor, yShape: readonly number[], s: number, p: number): Tensor {
  const y = tensor(yShape);
  convVisit(x.shape, k.shape, yShape, s, p, (xi, ki, yi) => (y.data[yi] = y.data[yi]! + x.data[xi]! * k.data[ki]!));
  return y;
}

/** x̄[n,c,h,w] = Σ over taps reading x[n,c,h,w] of ȳ[n,o,i,j]·k[o,c,a,b]; rows the floor dropped get 0. */
export function conv2dInputGrad(dy: Tensor, k: Tensor, xShape: readonly number[], s: number, p: number): Tensor {
  const dx = tensor(xShape);
  convVisit(xShape, k.shape, dy.shape, s, p, (xi, ki, yi) => (dx.data[xi] = dx.data[xi]! + dy.data[yi]! * k.data[ki]!));
  return dx;
}

/** k̄[o,c,a,b] = Σ_{n,i,j} x[n,c, i·s + a − p, j·s + b − p]·ȳ[n,o,i,j]. */
export function conv2dWeightGrad(x: Tensor, dy: Tensor, kShape: readonly number[], s: number, p: number): Tensor {
  const dk = tensor(kShape);
  convVisit(x.shape, kShape, dy.shape, s, p, (xi, ki, yi) => (dk.data[ki] = dk.data[ki]! + x.data[xi]! * dy.data[yi]!));
  return dk;
}

/**
 * Calls `visit(yi, window)` for every pooled element, `window` holding the flat indices of its
 * size×size input taps in row-major order (pools have no padding, so every tap is in bounds).
 */
function poolVisit(xShape: readonly number[], yShape: readonly number[], size: number, stride: number, visit: (yi: number, window: readonly number[]) => void): void {
  const [n, c, h, w] = shape4(xShape);
  const [, , oh, ow] = shape4(yShape);
  const window: number[] = [];
  for (let plane = 0; plane < n * c; plane++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        window.length = 0;
        for (let u = 0; u < size; u++) for (let v = 0; v < size; v++) window.push((plane * h + i * stride + u) * w + j * stride + v);
        visit((plane * oh + i) * ow + j, window);
      }
}

/** Index in `window` of its first maximum in row-major order (ties go to the earliest tap). */
function argmax(x: Tensor, window: readonly number[]): number {
  let best = window[0]!;
  for (const t of window) if (x.data[t]! > x.data[best]!) best = t;
  return best;
}

export function maxpool2d(x: Tensor, yShape: readonly number[], size: number, stride: number): Tensor {
  const y = tensor(yShape);
  poolVisit(x.shape, yShape, size, stride, (yi, win) => (y.data[yi] = x.data[argmax(x, win)]!));
  return y;
}

/** x̄ = Σ over windows of ȳ routed to the window's first maximum; overlapping windows accumulate. */
export function maxpool2dGrad(x: Tensor, dy: Tensor, size: number, stride: number): Tensor {
  const dx = tensor(x.shape);
  poolVisit(x.shape, dy.shape, size, stride, (yi, win) => {
    const t = argmax(x, win);
    dx.data[t] = dx.data[t]! + dy.data[yi]!;
  });
  return dx;
}

/** y[n,c,i,j] = g at the first maximum of x's window (i, j): the transpose of maxpool2dGrad in its cotangent. */
export function maxpool2dGather(x: Tensor, g: Tensor, yShape: readonly number[], size: number, stride: number): Tensor {
  const y = tensor(yShape);
  poolVisit(x.shape, yShape, size, stride, (yi, win) => (y.data[yi] = g.data[argmax(x, win)]!));
  return y;
}

/** y = mean of each size×size window. */
export function avgpool2d(x: Tensor, yShape: readonly number[], size: number, stride: number): Tensor {
  const y = tensor(yShape);
  const inv = 1 / (size * size);
  poolVisit(x.shape, yShape, size, stride, (yi, win) => {
    let sum = 0;
    for (const t of win) sum += x.data[t]!;
    y.data[yi] = sum * inv;
  });
  return y;
}

/** x̄ = ȳ/size² spread over each window; overlapping windows accumulate, uncovered taps get 0. */
export function avgpool2dGrad(dy: Tensor, xShape: readonly number[], size: number, stride: number): Tensor {
  const dx = tensor(xShape);
  const inv = 1 / (size * size);
  poolVisit(xShape, dy.shape, size, stride, (yi, win) => {
    for (const t of win) dx.data[t] = dx.data[t]! + dy.data[yi]! * inv;
  });
  return dx;
}
