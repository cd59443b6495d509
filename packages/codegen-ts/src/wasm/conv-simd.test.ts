/**
 * The compiler-emitted convolution and max-pool SIMD kernels against the scalar TS kernels they
 * stand in for (the im2col / maxpool helper text generated classes contain, with an f64 matmul):
 * random shapes with 1, 3 and 8 channels, filter counts not multiples of 4, odd sizes, stride 1 and 2,
 * padding, OW below and above 8. Convolutions agree to f32 rounding of the sums; max-pool is exact.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { im2colHelper } from "../helpers/conv.ts";
import { maxpoolGradHelper, maxpoolHelper } from "../helpers/pool.ts";
import { encodeModule } from "./encode.ts";
import { convKernels } from "./conv-simd.ts";
import { poolKernels } from "./conv-pool.ts";
import { convOut as out, fillSeeded as fill, guardedArrays, expectCloseToF64 as expectClose, type ConvShape as Shape } from "../test-guarded-arrays.ts";

type F = Float32Array;
interface Scalar {
  im2col(x: F, xo: number, col: F, C: number, H: number, W: number, KH: number, KW: number, s: number, p: number, OH: number, OW: number): void;
  maxpool(x: F, y: F, planes: number, H: number, W: number, OH: number, OW: number, size: number, stride: number): void;
  maxpoolGrad(x: F, dy: F, dx: F, planes: number, H: number, W: number, OH: number, OW: number, size: number, stride: number): void;
}
type Fn = (...args: number[]) => void;

const t = { ts: false, F: "Float32Array" };
const scalar = runInThisContext(`(class T {\n${im2colHelper(t)}\n${maxpoolHelper(t)}\n${maxpoolGradHelper(t)}\n})`) as Scalar;

interface Wasm {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
const memory = new wasm.Memory({ initial: 64 });
const kernels = new wasm.Instance(new wasm.Module(encodeModule([...convKernels(), ...poolKernels()])), { env: { memory } }).exports as Record<string, Fn>;

/** Arrays placed one after another from byte 4 of the memory (4-byte, not 16-byte, aligned), fenced by guards. */
function place(sizes: readonly number[]): ReturnType<typeof guardedArrays> {
  return guardedArrays(sizes, (all) => {
    let at = 4;
    return all.map((n) => {
      const a = new Float32Array(memory.buffer, at, n);
      at += 4 * n;
      return a;
    });
  });
}

/** y = K·im2col(x) per image, and dK = Σ_n dy[n]·im2col(x[n])ᵀ, from the scalar im2col, summed in f64. */
function reference(g: Shape, x: F, K: F, dy: F): { y: Float64Array; dK: Float64Array } {
  const { OH, OW } = out(g);
  const ckk = g.C * g.KH * g.KW;
  const ohw = OH * OW;
  const col = new Float32Array(ckk * ohw);
  const y = new Float64Array(g.N * g.O * ohw);
  const dK = new Float64Array(g.O * ckk);
  for (let n = 0; n < g.N; n++) {
    scalar.im2col(x, n * g.C * g.H * g.W, col, g.C, g.H, g.W, g.KH, g.KW, g.s, g.p, OH, OW);
    for (let o = 0; o < g.O; o++) {
      for (let q = 0; q < ohw; q++) {
        let sum = 0;
        for (let r = 0; r < ckk; r++) sum += K[o * ckk + r]! * col[r * ohw + q]!;
        y[(n * g.O + o) * ohw + q] = sum;
      }
      for (let r = 0; r < ckk; r++) {
        let sum = 0;
        for (let q = 0; q < ohw; q++) sum += dy[(n * g.O + o) * ohw + q]! * col[r * ohw + q]!;
        dK[o * ckk + r] = dK[o * ckk + r]! + sum;
      }
    }
  }
  return { y, dK };
}

/** kp[((o >> 2)·CKK + t)·4 + (o & 3)] = K[o, t], zero for the filters past O. */
function pack(K: F, kp: F, O: number, ckk: number): void {
  for (let o = 0; o < Math.ceil(O / 4) * 4; o++) for (let r = 0; r < ckk; r++) kp[((o >> 2) * ckk + r) * 4 + (o & 3)] = o < O ? K[o * ckk + r]! : 0;
}

const SHAPES: readonly Shape[] = [
  { N: 3, C: 1, H: 28, W: 28, O: 8, KH: 3, KW: 3, s: 1, p: 0 },
  { N: 2, C: 3, H: 11, W: 9, O: 5, KH: 3, KW: 3, s: 1, p: 1 },
  { N: 2, C: 8, H: 14, W: 14, O: 16, KH: 3, KW: 3, s: 1, p: 1 },
  { N: 2, C: 3, H: 13, W: 17, O: 7, KH: 3, KW: 2, s: 2, p: 0 },
  { N: 1, C: 8, H: 12, W: 15, O: 3, KH: 5, KW: 5, s: 2, p: 2 },
  { N: 2, C: 1, H: 7, W: 7, O: 1, KH: 3, KW: 3, s: 1, p: 0 },
  { N: 2, C: 3, H: 9, W: 11, O: 9, KH: 1, KW: 1, s: 2, p: 0 },
  { N: 1, C: 1, H: 6, W: 10, O: 4, KH: 2, KW: 4, s: 1, p: 1 },
  { N: 1, C: 3, H: 21, W: 27, O: 6, KH: 3, KW: 3, s: 2, p: 1 },
];

describe("SIMD conv2d kernels", () => {
  for (const g of SHAPES) {
    const { OH, OW } = out(g);
    it(`match im2col·K: N=${g.N} C=${g.C} ${g.H}×${g.W} O=${g.O} ${g.KH}×${g.KW} stride ${g.s} pad ${g.p} (OW=${OW})`, () => {
      const ckk = g.C * g.KH * g.KW;
      const padded = g.p > 0 ? g.C * (g.H + 2 * g.p) * (g.W + 2 * g.p) : 1;
      const placed = place([g.N * g.C * g.H * g.W, g.O * ckk, Math.ceil(g.O / 4) * 4 * ckk, g.N * g.O * OH * OW, g.N * g.O * OH * OW, g.O * ckk, padded]);
      const [x, K, kp, y, dy, dK, pad] = placed.arrays as [F, F, F, F, F, F, F];
      fill(x, 1);
      fill(K, 2);
      fill(dy, 3);
      y.fill(Number.NaN);
      dK.fill(Number.NaN);
      pack(K, kp, g.O, ckk);
      // The reference reads copies taken before the kernels run, so a stray write cannot move it too.
      const want = reference(g, Float32Array.from(x), Float32Array.from(K), Float32Array.from(dy));
      const geom = [g.N, g.C, g.H, g.W, g.O, g.KH, g.KW, g.p, g.p, OH, OW];
      kernels[`conv2dS${g.s}`]!(x.byteOffset, kp.byteOffset, y.byteOffset, pad.byteOffset, ...geom);
      expect(placed.guardsIntact()).toBe(true);
      kernels[`conv2dGradS${g.s}`]!(x.byteOffset, dy.byteOffset, dK.byteOffset, pad.byteOffset, ...geom);
      expect(placed.guardsIntact()).toBe(true);
      expectClose(y, want.y, ckk);
      expectClose(dK, want.dK, ckk * g.N * OH * OW);
    });
  }

  it("computes a known 1-channel example exactly", () => {
    // x[r, c] = 5r + c in a 5×5 plane, K = [[1, 0], [0, −1]] (stride 1): y[i, j] = x[i, j] − x[i + 1, j + 1] = −6.
    const placed = place([25, 16, 16, 16, 4]);
    const [x, kp, y, dy, dK] = placed.arrays as [F, F, F, F, F];
    x.set(Array.from({ length: 25 }, (_, i) => i));
    kp.fill(0);
    kp[0] = 1;
    kp[12] = -1;
    kernels["conv2dS1"]!(x.byteOffset, kp.byteOffset, y.byteOffset, 0, 1, 1, 5, 5, 1, 2, 2, 0, 0, 4, 4);
    expect(Array.from(y)).toEqual(new Array<number>(16).fill(-6));
    // dK[a, b] = Σ_{i,j<4} dy[i, j]·x[i + a, j + b] with dy = 1: 144 + 16·(5a + b).
    dy.fill(1);
    kernels["conv2dGradS1"]!(x.byteOffset, dy.byteOffset, dK.byteOffset, 0, 1, 1, 5, 5, 1, 2, 2, 0, 0, 4, 4);
    expect(Array.from(dK)).toEqual([144, 160, 224, 240]);
    expect(placed.guardsIntact()).toBe(true);
  });

  it("keeps an infinite dy in a tail column infinite in the filter gradient (no Inf·0)", () => {
    // One row, 1×1 filter, OW = 5: column 1 is summed by the 4-wide step and is a masked lane of the tail step at OW − 4.
    for (const s of [1, 2] as const) {
      const W = s === 1 ? 5 : 9;
      const placed = place([W, 5, 1]);
      const [x, dy, dK] = placed.arrays as [F, F, F];
      x.fill(1);
      dy.fill(1);
      dy[1] = Number.POSITIVE_INFINITY;
      kernels[`conv2dGradS${s}`]!(x.byteOffset, dy.byteOffset, dK.byteOffset, 0, 1, 1, 1, W, 1, 1, 1, 0, 0, 1, 5);
      expect(dK[0]).toBe(Number.POSITIVE_INFINITY);
      expect(placed.guardsIntact()).toBe(true);
    }
  });
});

describe("SIMD 2×2 max-pool kernels", () => {
  const planes = [
    { P: 3, H: 26, W: 26 },
    { P: 2, H: 9, W: 11 },
    { P: 1, H: 8, W: 8 },
    { P: 4, H: 15, W: 14 },
  ];
  for (const { P, H, W } of planes) {
    const OH = Math.floor(H / 2);
    const OW = Math.floor(W / 2);
    it(`equal the scalar kernels exactly: ${P} planes ${H}×${W}`, () => {
      const placed = place([P * H * W, P * OH * OW, P * OH * OW, P * H * W]);
      const [x, y, dy, dx] = placed.arrays as [F, F, F, F];
      fill(x, 5);
      // Ties, signed zeros and NaN: the first maximum must win as in the scalar `>`.
      for (let i = 0; i < x.length; i += 7) x[i] = x[i + 1] ?? 0;
      for (let i = 3; i < x.length; i += 11) x[i] = i % 2 === 0 ? 0 : -0;
      x[5] = Number.NaN;
      fill(dy, 6);
      const wantY = new Float32Array(P * OH * OW);
      const wantDx = new Float32Array(P * H * W);
      scalar.maxpool(x, wantY, P, H, W, OH, OW, 2, 2);
      scalar.maxpoolGrad(x, dy, wantDx, P, H, W, OH, OW, 2, 2);
      y.fill(Number.NaN);
      dx.fill(0);
      kernels["maxpool2"]!(x.byteOffset, y.byteOffset, P, H, W, OH, OW);
      kernels["maxpool2Grad"]!(x.byteOffset, dy.byteOffset, dx.byteOffset, P, H, W, OH, OW);
      expect(placed.guardsIntact()).toBe(true);
      expect(Array.from(y).map((v) => (Object.is(v, -0) ? "-0" : v))).toEqual(Array.from(wantY).map((v) => (Object.is(v, -0) ? "-0" : v)));
      expect(Array.from(dx)).toEqual(Array.from(wantDx));
    });
  }
});
