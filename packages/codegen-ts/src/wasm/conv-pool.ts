/**
 * 2×2 max-pool with stride 2 over NCHW planes as WebAssembly SIMD kernels (byte addresses):
 *   maxpool2(x, y, planes, H, W, OH, OW)          y[pl, i, j] = the first maximum of the window
 *   maxpool2Grad(x, dy, dx, planes, H, W, OH, OW) dx = dy[pl, i, j] at that first maximum, 0 elsewhere
 * The window of (i, j) is x[pl, 2i + u, 2j + v] visited in the order (0,0), (0,1), (1,0), (1,1), and a
 * later element wins only when strictly greater — the scalar reference's `>` — so ties, signed zeros
 * and NaN resolve exactly as there (f32x4.gt is false with a NaN operand, like `>`).
 * Four windows of a row at a time: two vector loads per input row, deinterleaved into even and odd
 * columns. The last block of a row starts at OW − 4 (overlapping: the same values are written
 * again), so OW ≥ 4. maxpool2Grad writes rows 0 … 2·OH − 1 and columns 0 … 2·OW − 1 of each dx
 * plane; the caller zeroes a last odd row or column.
 */
import { I32, op, type WasmFunction } from "./encode.ts";
import { cop, ex, FnBuilder } from "./conv-ops.ts";

const PARAMS_FWD: readonly number[] = new Array<number>(7).fill(I32);
const PARAMS_GRAD: readonly number[] = new Array<number>(8).fill(I32);

interface Windows {
  readonly r0: number;
  readonly r1: number;
  /** The four candidates (even/odd columns of rows 2i and 2i + 1) of four windows. */
  readonly a: readonly [number, number, number, number];
  readonly best: number;
  readonly gt: readonly [number, number, number];
}

/** Loops over planes, rows and blocks of 4 windows; `body` runs with the candidates loaded and compared. */
function poolLoops(f: FnBuilder, x: number, planes: number, H: number, W: number, OH: number, OW: number, body: (w: Windows, yq: number, xq: number) => void): void {
  const [pl, i, j, j0, yq, xq, rowX, r0, r1] = [f.i32(), f.i32(), f.i32(), f.i32(), f.i32(), f.i32(), f.i32(), f.i32(), f.i32()];
  const a = [f.v128(), f.v128(), f.v128(), f.v128()] as const;
  const [lo, hi, best] = [f.v128(), f.v128(), f.v128()];
  const gt = [f.v128(), f.v128(), f.v128()] as const;
  f.set(rowX, ex.mul(ex.get(W), ex.c(4)));
  f.forUp(pl, ex.c(0), ex.get(planes), ex.c(1), () => {
    f.forUp(i, ex.c(0), ex.get(OH), ex.c(1), () => {
      f.set(j, ex.c(0));
      f.emit(op.block, op.loop);
      f.set(j0, ex.min(ex.get(j), ex.sub(ex.get(OW), ex.c(4))));
      // xq = x + (pl·H·W + 2i·W + 2·j0)·4 (its row-2i + 1 twin is xq + W·4); yq = (pl·OH·OW + i·OW + j0)·4.
      f.set(xq, ex.add(ex.get(x), ex.mul(ex.add(ex.mul(ex.add(ex.mul(ex.get(pl), ex.get(H)), ex.mul(ex.get(i), ex.c(2))), ex.get(W)), ex.mul(ex.get(j0), ex.c(2))), ex.c(4))));
      f.set(yq, ex.mul(ex.add(ex.mul(ex.add(ex.mul(ex.get(pl), ex.get(OH)), ex.get(i)), ex.get(OW)), ex.get(j0)), ex.c(4)));
      f.set(r0, ex.get(xq));
      f.set(r1, ex.add(ex.get(xq), ex.get(rowX)));
      for (const [row, even, odd] of [[r0, a[0], a[1]], [r1, a[2], a[3]]] as const) {
        f.emit(ex.get(row), op.v128Load(0), op.set(lo), ex.get(row), op.v128Load(16), op.set(hi));
        f.emit(ex.get(lo), ex.get(hi), cop.shuffle32([0, 2, 4, 6]), op.set(even));
        f.emit(ex.get(lo), ex.get(hi), cop.shuffle32([1, 3, 5, 7]), op.set(odd));
      }
      // best = a0; each later candidate replaces it where strictly greater.
      f.emit(ex.get(a[0]), op.set(best));
      for (let k = 1; k < 4; k++) {
        f.emit(ex.get(a[k]!), ex.get(best), cop.f32x4Gt, op.set(gt[k - 1]!));
        f.emit(ex.get(a[k]!), ex.get(best), ex.get(gt[k - 1]!), cop.v128Bitselect, op.set(best));
      }
      body({ r0, r1, a, best, gt }, yq, xq);
      f.emit(ex.get(j0), ex.sub(ex.get(OW), ex.c(4)), op.geS, op.brIf(1));
      f.inc(j, ex.c(4));
      f.emit(op.br(0), op.end, op.end);
    });
  });
}

export function maxpool2Kernel(): WasmFunction {
  const [x, y, planes, H, W, OH, OW] = [0, 1, 2, 3, 4, 5, 6];
  const f = new FnBuilder("maxpool2", PARAMS_FWD);
  poolLoops(f, x, planes, H, W, OH, OW, (w, yq) => {
    f.emit(ex.add(ex.get(y), ex.get(yq)), ex.get(w.best), op.v128Store(0));
  });
  return f.build();
}

export function maxpool2GradKernel(): WasmFunction {
  const [x, dy, dx, planes, H, W, OH, OW] = [0, 1, 2, 3, 4, 5, 6, 7];
  const f = new FnBuilder("maxpool2Grad", PARAMS_GRAD);
  const [g, later, d0, d1, d2, d3] = [f.v128(), f.v128(), f.v128(), f.v128(), f.v128(), f.v128()];
  const [q0, q1] = [f.i32(), f.i32()];
  poolLoops(f, x, planes, H, W, OH, OW, (w, yq, xq) => {
    const [s1, s2, s3] = w.gt;
    f.emit(ex.add(ex.get(dy), ex.get(yq)), op.v128Load(0), op.set(g));
    // Candidate k wins when it replaced best and no later one did: d3 = g & s3, d2 = g & s2 & ¬s3, …
    f.emit(ex.get(g), ex.get(s3), cop.v128And, op.set(d3));
    f.emit(ex.get(s3), op.set(later));
    f.emit(ex.get(g), ex.get(s2), cop.v128And, ex.get(later), cop.v128AndNot, op.set(d2));
    f.emit(ex.get(later), ex.get(s2), cop.v128Or, op.set(later));
    f.emit(ex.get(g), ex.get(s1), cop.v128And, ex.get(later), cop.v128AndNot, op.set(d1));
    f.emit(ex.get(later), ex.get(s1), cop.v128Or, op.set(later));
    f.emit(ex.get(g), ex.get(later), cop.v128AndNot, op.set(d0));
    // Re-interleave: row 2i gets d0, d1, d0, d1, …; row 2i + 1 gets d2, d3, ….
    f.set(q0, ex.add(ex.sub(ex.get(xq), ex.get(x)), ex.get(dx)));
    f.set(q1, ex.add(ex.get(q0), ex.mul(ex.get(W), ex.c(4))));
    for (const [q, even, odd] of [[q0, d0, d1], [q1, d2, d3]] as const) {
      f.emit(ex.get(q), ex.get(even), ex.get(odd), cop.shuffle32([0, 4, 1, 5]), op.v128Store(0));
      f.emit(ex.get(q), ex.get(even), ex.get(odd), cop.shuffle32([2, 6, 3, 7]), op.v128Store(16));
    }
  });
  return f.build();
}

/** The pooling kernels of the module: maxpool2, maxpool2Grad. */
export function poolKernels(): WasmFunction[] {
  return [maxpool2Kernel(), maxpool2GradKernel()];
}
