/**
 * A materialized view of a float32 array (a transpose, a slice, a broadcast) as a WebAssembly copy:
 * up to three outer axes with any strides and a contiguous innermost run of L elements on both sides,
 * copied 4 at a time (v128 loads and stores) and the last L % 4 one by one. A copy moves the bits
 * unchanged, so its result is the JavaScript loop's (which rounds nothing either: f32 → f64 → f32 is
 * exact), a NaN's payload aside.
 */
import { header, type HelperTarget } from "../helpers/signature.ts";
import { countedLoop, I32, op, type WasmFunction } from "./encode.ts";

/** How many outer axes the kernel loops over (fewer are passed as size 1). */
export const COPY_OUTER = 3;

/** copy3(src, dst, n0, n1, n2, L, s0, s1, s2, d0, d1, d2): byte addresses, counts, and byte strides of the outer axes. */
export function copyKernels(): WasmFunction[] {
  const [SRC, DST, N0, N1, N2, L, S0, S1, S2, D0, D1, D2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [I0, I1, I2, PS, PD, Q, QUAD, ROW] = [12, 13, 14, 15, 16, 17, 18, 19];
  // PS/PD: the run's source and destination at the current outer indices (base + Σ index·stride, kept per level).
  const [PS0, PD0, PS1, PD1] = [20, 21, 22, 23];
  const step = (p: number, s: number): number[] => [...op.get(p), ...op.get(s), ...op.add, ...op.set(p)];
  // Four floats a v128 while a whole one fits, then one at a time from there.
  const run = [
    ...countedLoop(Q, QUAD, 16, [...op.get(PD), ...op.get(Q), ...op.add, ...op.get(PS), ...op.get(Q), ...op.add, ...op.v128Load(0), ...op.v128Store(0)]),
    ...countedLoop(Q, ROW, 4, [...op.get(PD), ...op.get(Q), ...op.add, ...op.get(PS), ...op.get(Q), ...op.add, ...op.f32Load(0), ...op.f32Store(0)], null),
  ];
  const body = [
    ...op.get(L), ...op.i32(4), ...op.mul, ...op.set(ROW),
    ...op.get(L), ...op.i32(-4), ...op.and, ...op.i32(4), ...op.mul, ...op.set(QUAD),
    ...op.get(SRC), ...op.set(PS0), ...op.get(DST), ...op.set(PD0),
    ...countedLoop(I0, N0, 1, [
      ...op.get(PS0), ...op.set(PS1), ...op.get(PD0), ...op.set(PD1),
      ...countedLoop(I1, N1, 1, [
        ...op.get(PS1), ...op.set(PS), ...op.get(PD1), ...op.set(PD),
        ...countedLoop(I2, N2, 1, [...run, ...step(PS, S2), ...step(PD, D2)]),
        ...step(PS1, S1), ...step(PD1, D1),
      ]),
      ...step(PS0, S0), ...step(PD0, D0),
    ]),
  ];
  return [{ name: "copy3", params: new Array<number>(12).fill(I32), locals: new Array<number>(12).fill(I32), body }];
}

/**
 * The class helper: dst[dOff + Σ iₖ·dₖ + j] = src[sOff + Σ iₖ·sₖ + j] for iₖ < nₖ, j < L (strides in
 * elements, none negative); false where it declines (arrays outside this model's memory, a stride
 * below 0, an index past an array's end).
 */
export function viewCopySimdHelper(t: HelperTarget): string {
  return [
    `/** A strided copy of runs of L floats on the wasm kernel; false where the arrays are not in this model's memory, a stride is negative or an index would pass an array's end. */`,
    header(t, "viewCopySimd", ["src: F", "sOff: number", "dst: F", "dOff: number", "n0: number", "n1: number", "n2: number", "L: number", "s0: number", "s1: number", "s2: number", "d0: number", "d1: number", "d2: number"], "boolean"),
    `  if (!(src.buffer === dst.buffer && n0 >= 1 && n1 >= 1 && n2 >= 1 && L >= 1 && sOff >= 0 && dOff >= 0 && s0 >= 0 && s1 >= 0 && s2 >= 0 && d0 >= 0 && d1 >= 0 && d2 >= 0)) return false;`,
    `  if (!(sOff + (n0 - 1) * s0 + (n1 - 1) * s1 + (n2 - 1) * s2 + L <= src.length && dOff + (n0 - 1) * d0 + (n1 - 1) * d1 + (n2 - 1) * d2 + L <= dst.length)) return false;`,
    `  const k = this.SIMD_KERNELS.get(src.buffer);`,
    `  if (k === undefined) return false;`,
    `  k.copy3(src.byteOffset + 4 * sOff, dst.byteOffset + 4 * dOff, n0, n1, n2, L, 4 * s0, 4 * s1, 4 * s2, 4 * d0, 4 * d1, 4 * d2);`,
    `  return true;`,
    `}`,
  ].join("\n");
}
