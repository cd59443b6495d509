/**
 * The conv and max-pool SIMD helpers as generated classes contain them (helper text + the SIMD
 * runtime, buffers in the class's WebAssembly memory) against the definitions summed in f64:
 * forward, input gradient (stride 1: a convolution of the padded dy with the flipped filters) and
 * filter gradient, on shapes with 1, 3 and 8 channels, odd sizes, padding 0–2, stride 1 and 2; and
 * each helper declines (returns false) where its kernel does not apply, so the scalar code runs. The
 * scratch is sized exactly as the compiler plans it (simdScratchFloats) and every array is fenced by
 * sentinel guards that must survive each call; max-pool matches the scalar helpers exactly, odd sizes
 * included (the helper zeroes the row and column the kernel does not write).
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { conv2dInputGradSimdHelper, conv2dSimdHelper, conv2dWeightGradSimdHelper } from "../helpers/conv.ts";
import { maxpoolGradHelper, maxpoolGradSimdHelper, maxpoolHelper, maxpoolSimdHelper } from "../helpers/pool.ts";
import { simdHelper } from "../helpers/simd.ts";
import { simdScratchFloats, type ConvOp, type Geometry } from "../kernels/conv.ts";
import { convOut, fillSeeded as fill, guardedArrays, expectCloseToF64 as expectClose, type ConvShape as Shape } from "../test-guarded-arrays.ts";

type F = Float32Array;
type Conv = (a: F, b: F, out: F, scratch: F, N: number, C: number, H: number, W: number, O: number, KH: number, KW: number, s: number, p: number, OH: number, OW: number) => boolean;
type Pool = (...args: (F | number)[]) => boolean;
interface Helpers {
  conv2dSimd: Conv;
  conv2dInputGradSimd: Conv;
  conv2dWeightGradSimd: Conv;
  maxpoolSimd: Pool;
  maxpoolGradSimd: Pool;
  maxpool: (...args: (F | number)[]) => void;
  maxpoolGrad: (...args: (F | number)[]) => void;
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): F[];
}

const t = { ts: false, F: "Float32Array" };
const helpers = [simdHelper(t, undefined, [], true, true), conv2dSimdHelper(t), conv2dInputGradSimdHelper(t), conv2dWeightGradSimdHelper(t), maxpoolSimdHelper(t), maxpoolGradSimdHelper(t), maxpoolHelper(t), maxpoolGradHelper(t)];
const T = runInThisContext(`(class T {\n${helpers.join("\n")}\n})`) as Helpers;

/** Arrays in the class's memory (as simdArrays places them), fenced by guards. */
const fenced = (sizes: readonly number[]): ReturnType<typeof guardedArrays> => guardedArrays(sizes, (all) => T.simdArrays(all.map((n) => [Float32Array, n] as const)));

/** The planned scratch floats of a conv-family op's SIMD kernel (1 where it has none: the helper must then decline). */
function scratchFloats(op: ConvOp, g: Shape, OH: number, OW: number): number {
  const geometry: Geometry = { N: g.N, C: g.C, H: g.H, W: g.W, O: g.O, KH: g.KH, KW: g.KW, OH, OW };
  const n = simdScratchFloats(op, geometry, g.s, g.p);
  if (n !== null && typeof n !== "number") throw new Error("numeric shapes give a numeric size");
  return n ?? 1;
}

/** Calls visit(n, o, c, i, j, a, b, xi) for every in-bounds tap: x index xi feeds y[n, o, i, j] through K[o, c, a, b]. */
function taps(g: Shape, OH: number, OW: number, visit: (yi: number, ki: number, xi: number) => void): void {
  for (let n = 0; n < g.N; n++)
    for (let o = 0; o < g.O; o++)
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++)
          for (let c = 0; c < g.C; c++)
            for (let a = 0; a < g.KH; a++)
              for (let b = 0; b < g.KW; b++) {
                const r = i * g.s + a - g.p;
                const w = j * g.s + b - g.p;
                if (r < 0 || r >= g.H || w < 0 || w >= g.W) continue;
                visit(((n * g.O + o) * OH + i) * OW + j, ((o * g.C + c) * g.KH + a) * g.KW + b, ((n * g.C + c) * g.H + r) * g.W + w);
              }
}

const SHAPES: readonly Shape[] = [
  { N: 4, C: 1, H: 28, W: 28, O: 8, KH: 3, KW: 3, s: 1, p: 0 },
  { N: 2, C: 8, H: 14, W: 14, O: 16, KH: 3, KW: 3, s: 1, p: 1 },
  { N: 2, C: 3, H: 9, W: 13, O: 5, KH: 3, KW: 5, s: 1, p: 2 },
  { N: 3, C: 3, H: 11, W: 10, O: 6, KH: 2, KW: 2, s: 1, p: 1 },
  { N: 2, C: 8, H: 15, W: 17, O: 7, KH: 3, KW: 3, s: 2, p: 1 },
];

describe("conv2d SIMD helpers in a generated class", () => {
  for (const g of SHAPES) {
    const { OH, OW } = convOut(g);
    it(`equal the f64 definitions: N=${g.N} C=${g.C} ${g.H}×${g.W} O=${g.O} ${g.KH}×${g.KW} stride ${g.s} pad ${g.p}`, () => {
      const nx = g.N * g.C * g.H * g.W;
      const ny = g.N * g.O * OH * OW;
      const nk = g.O * g.C * g.KH * g.KW;
      const scratch = (["conv2d", "conv2d_weight_grad", "conv2d_input_grad"] as const).map((op) => scratchFloats(op, g, OH, OW));
      const placed = fenced([nx, nk, ny, ny, nx, nk, ...scratch]);
      const [x, K, y, dy, dx, dK, kpF, padW, kpI] = placed.arrays as [F, F, F, F, F, F, F, F, F];
      fill(x, 1);
      fill(K, 2);
      fill(dy, 3);
      // The definitions read copies taken before the helpers run, so a stray write cannot move them too.
      const [x0, K0, dy0] = [Float32Array.from(x), Float32Array.from(K), Float32Array.from(dy)];
      const geom = [g.N, g.C, g.H, g.W, g.O, g.KH, g.KW, g.s, g.p, OH, OW] as const;
      expect(T.conv2dSimd(x, K, y, kpF, ...geom)).toBe(true);
      expect(placed.guardsIntact()).toBe(true);
      expect(T.conv2dWeightGradSimd(x, dy, dK, padW, ...geom)).toBe(true);
      expect(placed.guardsIntact()).toBe(true);
      expect(T.conv2dInputGradSimd(dy, K, dx, kpI, ...geom)).toBe(g.s === 1);
      expect(placed.guardsIntact()).toBe(true);
      const [wy, wdx, wdK] = [new Float64Array(ny), new Float64Array(nx), new Float64Array(nk)];
      taps(g, OH, OW, (yi, ki, xi) => {
        wy[yi] = wy[yi]! + K0[ki]! * x0[xi]!;
        wdx[xi] = wdx[xi]! + K0[ki]! * dy0[yi]!;
        wdK[ki] = wdK[ki]! + dy0[yi]! * x0[xi]!;
      });
      const taps1 = g.C * g.KH * g.KW;
      expectClose(y, wy, taps1);
      expectClose(dK, wdK, g.N * OH * OW);
      if (g.s === 1) expectClose(dx, wdx, g.O * g.KH * g.KW);
    });
  }

  it("decline where no kernel applies: plain arrays, stride 3, outputs narrower than 4", () => {
    const plain = (n: number): F => new Float32Array(n);
    expect(T.conv2dSimd(plain(2 * 64), plain(9), plain(2 * 36), plain(64), 2, 1, 8, 8, 1, 3, 3, 1, 0, 6, 6)).toBe(false);
    const [x, K, y, kp] = T.simdArrays([[Float32Array, 2 * 64], [Float32Array, 9], [Float32Array, 2 * 36], [Float32Array, 64]]) as [F, F, F, F];
    y.fill(7);
    expect(T.conv2dSimd(x, K, y, kp, 2, 1, 8, 8, 1, 3, 3, 3, 0, 2, 2)).toBe(false);
    expect(T.conv2dSimd(x, K, y, kp, 2, 1, 5, 5, 1, 3, 3, 1, 0, 3, 3)).toBe(false);
    expect(T.conv2dInputGradSimd(y, K, x, kp, 2, 1, 8, 8, 1, 3, 3, 2, 0, 3, 3)).toBe(false);
    expect(T.maxpoolSimd(x, y, 2, 8, 8, 2, 2, 3, 3)).toBe(false);
    expect(T.maxpoolSimd(x, y, 2, 6, 6, 3, 3, 2, 2)).toBe(false);
    expect(Array.from(y)).toEqual(new Array<number>(72).fill(7));
  });

  it("decline when an array is shorter than the kernel would touch, writing nothing", () => {
    // N=2, C=1, 8×8, O=3, 3×3, stride 1, pad 1: OH = OW = 8; kp needs 4·9 + 10·10 floats.
    const [x, K, y, kp] = T.simdArrays([[Float32Array, 128], [Float32Array, 27], [Float32Array, 384], [Float32Array, 136]]) as [F, F, F, F];
    const geom = [2, 1, 8, 8, 3, 3, 3, 1, 1, 8, 8] as const;
    y.fill(7);
    expect(T.conv2dSimd(x, K, y.subarray(0, 383), kp, ...geom)).toBe(false);
    expect(T.conv2dSimd(x.subarray(0, 127), K, y, kp, ...geom)).toBe(false);
    expect(T.conv2dSimd(x, K.subarray(0, 26), y, kp, ...geom)).toBe(false);
    expect(T.conv2dSimd(x, K, y, kp.subarray(0, 135), ...geom)).toBe(false);
    expect(T.conv2dWeightGradSimd(x, y, K.subarray(0, 26), kp, ...geom)).toBe(false);
    expect(T.conv2dInputGradSimd(y, K, x.subarray(0, 127), kp, ...geom)).toBe(false);
    expect(T.conv2dSimd(x, K, y, kp, 2, 1, 8, 8, 3, 3, 3, 1, 1, 9, 8)).toBe(false);
    expect(Array.from(y)).toEqual(new Array<number>(384).fill(7));
    expect(T.conv2dSimd(x, K, y, kp, ...geom)).toBe(true);
    const [px, py, pdy, pdx] = T.simdArrays([[Float32Array, 2 * 9 * 11], [Float32Array, 2 * 4 * 5], [Float32Array, 2 * 4 * 5], [Float32Array, 2 * 9 * 11]]) as [F, F, F, F];
    py.fill(7);
    pdx.fill(7);
    expect(T.maxpoolSimd(px, py.subarray(0, 39), 2, 9, 11, 4, 5, 2, 2)).toBe(false);
    expect(T.maxpoolSimd(px.subarray(0, 197), py, 2, 9, 11, 4, 5, 2, 2)).toBe(false);
    expect(T.maxpoolSimd(px, py, 2, 9, 11, 5, 5, 2, 2)).toBe(false);
    expect(T.maxpoolGradSimd(px, pdy, pdx.subarray(0, 197), 2, 9, 11, 4, 5, 2, 2)).toBe(false);
    expect(T.maxpoolGradSimd(px, pdy.subarray(0, 39), pdx, 2, 9, 11, 4, 5, 2, 2)).toBe(false);
    expect(Array.from(py).concat(Array.from(pdx))).toEqual(new Array<number>(40 + 198).fill(7));
  });
});

describe("max-pool SIMD helpers in a generated class", () => {
  const planes = [
    { P: 2, H: 9, W: 11 },
    { P: 3, H: 8, W: 13 },
    { P: 1, H: 7, W: 8 },
    { P: 2, H: 10, W: 16 },
  ];
  for (const { P, H, W } of planes) {
    const [OH, OW] = [Math.floor(H / 2), Math.floor(W / 2)];
    it(`equal the scalar helpers exactly over stale buffers: ${P} planes ${H}×${W}`, () => {
      const placed = fenced([P * H * W, P * OH * OW, P * OH * OW, P * H * W]);
      const [x, y, dy, dx] = placed.arrays as [F, F, F, F];
      fill(x, 7);
      for (let i = 0; i < x.length; i += 5) x[i] = x[i + 1] ?? 0;
      fill(dy, 8);
      const [wantY, wantDx] = [new Float32Array(P * OH * OW), new Float32Array(P * H * W)];
      T.maxpool(x, wantY, P, H, W, OH, OW, 2, 2);
      T.maxpoolGrad(x, dy, wantDx, P, H, W, OH, OW, 2, 2);
      // Planned buffers hold whatever the previous op left: the helper must overwrite all of y and dx.
      y.fill(Number.NaN);
      dx.fill(Number.NaN);
      expect(T.maxpoolSimd(x, y, P, H, W, OH, OW, 2, 2)).toBe(true);
      expect(T.maxpoolGradSimd(x, dy, dx, P, H, W, OH, OW, 2, 2)).toBe(true);
      expect(placed.guardsIntact()).toBe(true);
      expect(Array.from(y)).toEqual(Array.from(wantY));
      expect(Array.from(dx)).toEqual(Array.from(wantDx));
    });
  }
});
