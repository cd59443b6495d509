/**
 * conv2d (NCHW input, OIHW filters) as im2col-free WebAssembly SIMD kernels, one export per stride
 * s ∈ {1, 2}; all addresses in bytes, all arrays in the instance's memory.
 *
 *   conv2dS<s>(x, kp, y, pad, N, C, H, W, O, KH, KW, ph, pw, OH, OW)
 *     y[n, o, i, j] = Σ_{c,a,b} K[o, c, a, b] · X[n, c, i·s + a, j·s + b], X = x zero-padded by ph rows
 *     and pw columns on each side. kp holds K packed by blocks of 4 filters:
 *     kp[((o >> 2)·CKK + t)·4 + (o & 3)] = K[o, t] (t = (c·KH + a)·KW + b, CKK = C·KH·KW; zero for o ≥ O).
 *     Each 4 × 8 (or, when OW < 8, 4 × 4) block of outputs (4 filters × 8 consecutive j of one row i)
 *     keeps 8 f32x4 accumulators while t runs over the taps in increasing order: per tap four splatted
 *     weights and two f32x4 of X (stride 1: two vector loads; stride 2: four loads and two shuffles). The last block of a row starts at OW − 8 (overlapping the
 *     previous one: the same values are written twice), so rows need no scalar tail; OW ≥ 4.
 *   conv2dGradS<s>(x, dy, dk, pad, N, C, H, W, O, KH, KW, ph, pw, OH, OW)
 *     dk[o, c, a, b] = Σ_{n,i,j} dy[n, o, i, j] · X[n, c, i·s + a, j·s + b] (written, not accumulated):
 *     per image, per block of 4 filters and per tap, 4 f32x4 accumulators run along each row of dy
 *     (lane l sums j ≡ l mod 4; the last OW % 4 columns come from a vector at OW − 4 whose lanes
 *     already counted contribute a product masked to zero); the lanes are added ((l0 + l1) + l2) + l3 into dk.
 *
 * With padding, each image is first copied into `pad` (C × (H + 2ph) × (W + 2pw) floats, the border
 * zeroed once per call). Sums are in f32 (the scalar reference sums in f64): the kernels agree with
 * it to f32 rounding.
 */
import { f32x4MulAdd, I32, op, type WasmFunction } from "./encode.ts";
import { cop, ex, FnBuilder } from "./conv-ops.ts";

const PARAMS: readonly number[] = new Array<number>(15).fill(I32);
const [X_, KP_OR_DY, OUT, PAD, N, C, H, W, O, KH, KW, PH, PW, OH, OW] = PARAMS.map((_, i) => i) as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];

export type ConvStride = 1 | 2;

/** Pushes the f32x4 of X[e], X[e + s], X[e + 2s], X[e + 3s] for the byte address on the stack's `addr` plus `offset`. */
function loadStrided(f: FnBuilder, addr: number[], offset: number, s: ConvStride): void {
  if (s === 1) {
    f.emit(addr, op.v128Load(offset));
    return;
  }
  // Elements 0..3 and 3..6: lanes 0, 2 of the first and 1, 3 of the second (5 and 7 of the pair).
  f.emit(addr, op.v128Load(offset), addr, op.v128Load(offset + 12), cop.shuffle32([0, 2, 5, 7]));
}

/** The per-call prologue shared by both kernels: padded sizes, the zeroed border, per-image strides. */
interface Frame {
  readonly XH: number;
  readonly XW: number;
  readonly padded: number;
  readonly planeX: number;
  readonly imgX: number;
  readonly planeY: number;
  readonly imgY: number;
  readonly n: number;
  readonly X: number;
  readonly r: number;
  readonly c: number;
}

function frame(f: FnBuilder): Frame {
  const fr: Frame = { XH: f.i32(), XW: f.i32(), padded: f.i32(), planeX: f.i32(), imgX: f.i32(), planeY: f.i32(), imgY: f.i32(), n: f.i32(), X: f.i32(), r: f.i32(), c: f.i32() };
  f.set(fr.XH, ex.add(ex.get(H), ex.add(ex.get(PH), ex.get(PH))));
  f.set(fr.XW, ex.add(ex.get(W), ex.add(ex.get(PW), ex.get(PW))));
  f.set(fr.padded, [...ex.get(PH), ...ex.get(PW), ...cop.or]);
  f.set(fr.planeX, ex.mul(ex.mul(ex.get(fr.XH), ex.get(fr.XW)), ex.c(4)));
  f.set(fr.imgX, ex.mul(ex.mul(ex.get(C), ex.mul(ex.get(H), ex.get(W))), ex.c(4)));
  f.set(fr.planeY, ex.mul(ex.mul(ex.get(OH), ex.get(OW)), ex.c(4)));
  f.set(fr.imgY, ex.mul(ex.get(O), ex.get(fr.planeY)));
  f.when(ex.get(fr.padded), () => {
    f.emit(ex.get(PAD), ex.c(0), ex.mul(ex.get(C), ex.get(fr.planeX)), cop.memoryFill);
  });
  return fr;
}

/** Sets fr.X to image n of x: x itself, or its copy inside the zeroed border of `pad`. */
function imageBase(f: FnBuilder, fr: Frame): void {
  f.branch(
    ex.get(fr.padded),
    () => {
      f.forUp(fr.c, ex.c(0), ex.get(C), ex.c(1), () => {
        f.forUp(fr.r, ex.c(0), ex.get(H), ex.c(1), () => {
          // pad[c, r + ph, pw…] ← x[n, c, r, 0…W)
          const dst = ex.add(ex.get(PAD), ex.mul(ex.add(ex.mul(ex.add(ex.mul(ex.get(fr.c), ex.get(fr.XH)), ex.add(ex.get(fr.r), ex.get(PH))), ex.get(fr.XW)), ex.get(PW)), ex.c(4)));
          const src = ex.add(ex.add(ex.get(X_), ex.mul(ex.get(fr.n), ex.get(fr.imgX))), ex.mul(ex.mul(ex.add(ex.mul(ex.get(fr.c), ex.get(H)), ex.get(fr.r)), ex.get(W)), ex.c(4)));
          f.emit(dst, src, ex.mul(ex.get(W), ex.c(4)), cop.memoryCopy);
        });
      });
      f.set(fr.X, ex.get(PAD));
    },
    () => {
      f.set(fr.X, ex.add(ex.get(X_), ex.mul(ex.get(fr.n), ex.get(fr.imgX))));
    },
  );
}

/** The forward rows for blocks of 4 filters × 4·JV columns. */
function forwardBlocks(f: FnBuilder, fr: Frame, s: ConvStride, jv: 1 | 2, l: ForwardLocals, fused: boolean): void {
  const JW = 4 * jv;
  f.forUp(l.ob, ex.c(0), ex.get(O), ex.c(4), () => {
    f.forUp(l.i, ex.c(0), ex.get(OH), ex.c(1), () => {
      f.set(l.j, ex.c(0));
      f.emit(op.block, op.loop);
      f.set(l.j0, ex.min(ex.get(l.j), ex.sub(ex.get(OW), ex.c(JW))));
      for (let a = 0; a < 4 * jv; a++) f.emit(op.v128Zero, op.set(l.acc[a]!));
      // xc = X + (i·s·XW + j0·s)·4, kq = kp + ob·CKK·4
      f.set(l.xc, ex.add(ex.get(fr.X), ex.mul(ex.add(ex.mul(ex.mul(ex.get(l.i), ex.c(s)), ex.get(fr.XW)), ex.mul(ex.get(l.j0), ex.c(s))), ex.c(4))));
      f.set(l.kq, ex.add(ex.get(KP_OR_DY), ex.mul(ex.get(l.ob), ex.get(l.ckk4))));
      f.repeat(l.c, ex.get(C), () => {
        f.set(l.xa, ex.get(l.xc));
        f.repeat(l.a, ex.get(KH), () => {
          // A loop over b (unrolling KW = 3 measured slower: the hoisted weight loads spill the accumulators).
          f.set(l.xb, ex.get(l.xa));
          f.repeat(l.b, ex.get(KW), () => {
            for (let v = 0; v < jv; v++) {
              loadStrided(f, ex.get(l.xb), 16 * s * v, s);
              f.emit(op.set(l.v[v]!));
            }
            for (let q = 0; q < 4; q++) {
              f.emit(ex.get(l.kq), op.load32Splat(4 * q), op.set(l.w));
              for (let v = 0; v < jv; v++) {
                const acc = l.acc[q * jv + v]!;
                f.emit(f32x4MulAdd(fused, ex.get(acc), ex.get(l.w), ex.get(l.v[v]!)), op.set(acc));
              }
            }
            f.inc(l.kq, ex.c(16));
            f.inc(l.xb, ex.c(4));
          });
          f.inc(l.xa, ex.mul(ex.get(fr.XW), ex.c(4)));
        });
        f.inc(l.xc, ex.get(fr.planeX));
      });
      // y[n, ob + q, i, j0…] for the filters that exist.
      f.set(l.yq, ex.add(ex.add(ex.get(l.Y), ex.mul(ex.get(l.ob), ex.get(fr.planeY))), ex.mul(ex.add(ex.mul(ex.get(l.i), ex.get(OW)), ex.get(l.j0)), ex.c(4))));
      for (let q = 0; q < 4; q++) {
        const store = (): void => {
          for (let v = 0; v < jv; v++) f.emit(ex.get(l.yq), ex.get(l.acc[q * jv + v]!), op.v128Store(16 * v));
          f.inc(l.yq, ex.get(fr.planeY));
        };
        if (q === 0) store();
        else f.when([...ex.add(ex.get(l.ob), ex.c(q)), ...ex.get(O), ...cop.ltS], store);
      }
      f.emit(ex.get(l.j0), ex.sub(ex.get(OW), ex.c(JW)), op.geS, op.brIf(1));
      f.inc(l.j, ex.c(JW));
      f.emit(op.br(0), op.end, op.end);
    });
  });
}

interface ForwardLocals {
  readonly ob: number;
  readonly i: number;
  readonly j: number;
  readonly j0: number;
  readonly xc: number;
  readonly xa: number;
  readonly xb: number;
  readonly kq: number;
  readonly yq: number;
  readonly Y: number;
  readonly c: number;
  readonly a: number;
  readonly b: number;
  readonly ckk4: number;
  readonly acc: readonly number[];
  readonly v: readonly number[];
  readonly w: number;
}

export function conv2dKernel(s: ConvStride, fused = false): WasmFunction {
  const f = new FnBuilder(`conv2dS${s}`, PARAMS);
  const fr = frame(f);
  const l: ForwardLocals = {
    ob: f.i32(), i: f.i32(), j: f.i32(), j0: f.i32(), xc: f.i32(), xa: f.i32(), xb: f.i32(), kq: f.i32(), yq: f.i32(), Y: f.i32(), c: f.i32(), a: f.i32(), b: f.i32(), ckk4: f.i32(),
    acc: Array.from({ length: 8 }, () => f.v128()),
    v: [f.v128(), f.v128()],
    w: f.v128(),
  };
  // ckk4 = C·KH·KW·4 bytes per filter (kp advances 4× that per block of 4 filters: ob·ckk4).
  f.set(l.ckk4, ex.mul(ex.mul(ex.get(C), ex.mul(ex.get(KH), ex.get(KW))), ex.c(4)));
  f.forUp(fr.n, ex.c(0), ex.get(N), ex.c(1), () => {
    imageBase(f, fr);
    f.set(l.Y, ex.add(ex.get(OUT), ex.mul(ex.get(fr.n), ex.get(fr.imgY))));
    f.branch(
      [...ex.get(OW), ...ex.c(8), ...op.geS],
      () => {
        forwardBlocks(f, fr, s, 2, l, fused);
      },
      () => {
        forwardBlocks(f, fr, s, 1, l, fused);
      },
    );
  });
  return f.build();
}

interface GradLocals {
  readonly ob: number;
  readonly tap: number;
  readonly c: number;
  readonly a: number;
  readonly b: number;
  readonly i: number;
  readonly j: number;
  readonly xt: number;
  readonly xj: number;
  readonly dq: number;
  readonly rem: number;
  readonly ckk: number;
  readonly dst: number;
  readonly DY: number;
  readonly dyf: readonly number[];
  readonly acc: readonly number[];
  readonly xv: readonly number[];
  readonly d: number;
  readonly mask: number;
  readonly sum: number;
}

/**
 * One image's filter gradient by blocks of FB filters × TB consecutive taps along b (TB divides KW):
 * FB·TB f32x4 accumulators; per 4 columns of a dy row, TB vector loads of X and FB of dy.
 */
function gradBlocks(f: FnBuilder, fr: Frame, s: ConvStride, FB: number, TB: number, l: GradLocals, fused: boolean): void {
  const accOf = (q: number, t: number): number => l.acc[q * TB + t]!;
  const step = (masked: boolean): void => {
    for (let t = 0; t < TB; t++) {
      loadStrided(f, ex.get(l.xj), 4 * t, s);
      f.emit(op.set(l.xv[t]!));
    }
    // In the masked step the product, not X, is masked: a ±Inf or NaN in a lane already counted must add 0 (so it is never fused).
    const keep = [...ex.get(l.mask), ...cop.v128And];
    for (let q = 0; q < FB; q++) {
      f.emit(ex.add(ex.get(l.dyf[q]!), ex.get(l.dq)), op.v128Load(0), op.set(l.d));
      for (let t = 0; t < TB; t++) {
        const [acc, d, x] = [ex.get(accOf(q, t)), ex.get(l.d), ex.get(l.xv[t]!)];
        f.emit(masked ? [...acc, ...d, ...x, ...op.f32x4Mul, ...keep, ...op.f32x4Add] : f32x4MulAdd(fused, acc, d, x), op.set(accOf(q, t)));
      }
    }
  };
  f.forUp(l.ob, ex.c(0), ex.get(O), ex.c(FB), () => {
    // Filters past O read filter O − 1's plane (in bounds); their sums are dropped.
    for (let q = 0; q < FB; q++) f.set(l.dyf[q]!, ex.add(ex.get(l.DY), ex.mul(ex.min(ex.add(ex.get(l.ob), ex.c(q)), ex.sub(ex.get(O), ex.c(1))), ex.get(fr.planeY))));
    f.set(l.tap, ex.c(0));
    f.forUp(l.c, ex.c(0), ex.get(C), ex.c(1), () => {
      f.forUp(l.a, ex.c(0), ex.get(KH), ex.c(1), () => {
        f.forUp(l.b, ex.c(0), ex.get(KW), ex.c(TB), () => {
          for (let v = 0; v < FB * TB; v++) f.emit(op.v128Zero, op.set(l.acc[v]!));
          // xt = X + ((c·XH + a)·XW + b)·4
          f.set(l.xt, ex.add(ex.get(fr.X), ex.mul(ex.add(ex.mul(ex.add(ex.mul(ex.get(l.c), ex.get(fr.XH)), ex.get(l.a)), ex.get(fr.XW)), ex.get(l.b)), ex.c(4))));
          f.forUp(l.i, ex.c(0), ex.get(OH), ex.c(1), () => {
            f.set(l.xj, ex.add(ex.get(l.xt), ex.mul(ex.mul(ex.get(l.i), ex.c(4 * s)), ex.get(fr.XW))));
            f.set(l.dq, ex.mul(ex.mul(ex.get(l.i), ex.get(OW)), ex.c(4)));
            f.forUp(l.j, ex.c(4), [...ex.get(OW), ...ex.c(1), ...op.add], ex.c(4), () => {
              step(false);
              f.inc(l.xj, ex.c(16 * s));
              f.inc(l.dq, ex.c(16));
            });
            f.when(ex.get(l.rem), () => {
              // The vector at OW − 4: xj and dq step back by 4 − rem columns; the lanes already counted are masked.
              f.inc(l.xj, ex.mul(ex.sub(ex.get(l.rem), ex.c(4)), ex.c(4 * s)));
              f.inc(l.dq, ex.mul(ex.sub(ex.get(l.rem), ex.c(4)), ex.c(4)));
              step(true);
            });
          });
          for (let q = 0; q < FB; q++) {
            const store = (): void => {
              for (let t = 0; t < TB; t++) {
                const v = accOf(q, t);
                f.set(l.dst, ex.add(ex.get(OUT), ex.mul(ex.add(ex.mul(ex.add(ex.get(l.ob), ex.c(q)), ex.get(l.ckk)), ex.add(ex.get(l.tap), ex.c(t))), ex.c(4))));
                f.emit(ex.get(v), op.f32x4Extract(0), ex.get(v), op.f32x4Extract(1), op.f32Add, ex.get(v), op.f32x4Extract(2), op.f32Add, ex.get(v), op.f32x4Extract(3), op.f32Add, op.set(l.sum));
                f.emit(ex.get(l.dst), ex.get(l.dst), op.f32Load(0), ex.get(l.sum), op.f32Add, op.f32Store(0));
              }
            };
            if (q === 0) store();
            else f.when([...ex.add(ex.get(l.ob), ex.c(q)), ...ex.get(O), ...cop.ltS], store);
          }
          f.inc(l.tap, ex.c(TB));
        });
      });
    });
  });
}

export function conv2dGradKernel(s: ConvStride, fused = false): WasmFunction {
  const f = new FnBuilder(`conv2dGradS${s}`, PARAMS);
  const fr = frame(f);
  const i32 = (): number => f.i32();
  const l: GradLocals = {
    ob: i32(), tap: i32(), c: i32(), a: i32(), b: i32(), i: i32(), j: i32(), xt: i32(), xj: i32(), dq: i32(), rem: i32(), ckk: i32(), dst: i32(), DY: i32(),
    dyf: [i32(), i32(), i32(), i32()],
    acc: Array.from({ length: 6 }, () => f.v128()),
    xv: [f.v128(), f.v128(), f.v128()],
    d: f.v128(),
    mask: f.v128(),
    sum: f.f32(),
  };
  f.set(l.ckk, ex.mul(ex.get(C), ex.mul(ex.get(KH), ex.get(KW))));
  f.emit(ex.get(OUT), ex.c(0), ex.mul(ex.mul(ex.get(O), ex.get(l.ckk)), ex.c(4)), cop.memoryFill);
  // Lanes l ≥ 4 − OW % 4 of the vector at OW − 4 are the columns the 4-wide steps missed.
  f.set(l.rem, [...ex.get(OW), ...ex.c(3), ...op.and]);
  f.emit(cop.i32x4Const([0, 1, 2, 3]), ex.sub(ex.c(4), ex.get(l.rem)), cop.i32x4Splat, cop.i32x4GeS, op.set(l.mask));
  f.forUp(fr.n, ex.c(0), ex.get(N), ex.c(1), () => {
    imageBase(f, fr);
    f.set(l.DY, ex.add(ex.get(KP_OR_DY), ex.mul(ex.get(fr.n), ex.get(fr.imgY))));
    // KW = 3: blocks of 2 filters × the 3 taps of a filter row (6 accumulators); otherwise 4 filters × 1 tap.
    f.branch(
      [...ex.get(KW), ...ex.c(3), ...cop.eq],
      () => {
        gradBlocks(f, fr, s, 2, 3, l, fused);
      },
      () => {
        gradBlocks(f, fr, s, 4, 1, l, fused);
      },
    );
  });
  return f.build();
}

/**
 * The convolution kernels of the module: conv2dS1, conv2dS2, conv2dGradS1, conv2dGradS2; `fused`: the
 * multiply-adds are relaxed SIMD's madd (./relaxed.ts), except the masked last step of a gradient row.
 */
export function convKernels(fused = false): WasmFunction[] {
  return [conv2dKernel(1, fused), conv2dKernel(2, fused), conv2dGradKernel(1, fused), conv2dGradKernel(2, fused)];
}
