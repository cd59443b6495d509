/**
 * A materialized view whose innermost output axis is strided in the source — a transpose of the last
 * two axes, attention's kᵀ per head (perm [0, 2, 3, 1]) and its gradient's copy back — as a
 * WebAssembly copy: under up to two outer axes, an R × C block with dst[i][j] = src[j][i] (the source
 * contiguous along i, the destination along j), moved as 4 × 4 tiles (four v128 loads, a transpose by
 * eight shuffles, four v128 stores) and the edges one float at a time. A copy moves bits unchanged,
 * so its result is the JavaScript loop's, a NaN's payload aside.
 */
import { header, simdGuard, type HelperTarget } from "../helpers/signature.ts";
import { countedLoop, I32, op, V128, type WasmFunction } from "./encode.ts";

/** One thread's ns a float moved by transpose2, for simdCall's cut (Zen 4: a 256 × 512 block in 30–47 µs, ≈ 0.23–0.36). */
export const TRANSPOSE_NS = 0.35;

/** How many outer axes the kernel loops over (fewer are passed as size 1). */
export const TRANSPOSE_OUTER = 2;

/**
 * transpose2(src, dst, n0, n1, R, C, s0, s1, d0, d1, sC, dR): byte addresses; the outer axes' counts
 * and byte strides (s for the source, d for the destination); the block is R × C with source element
 * (i, j) at 4i + j·sC bytes and destination element (i, j) at i·dR + 4j.
 */
export function transposeKernels(): WasmFunction[] {
  const [SRC, DST, N0, N1, R, C, S0, S1, D0, D1, SC, DR] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [I0, I1, I, J, PS0, PD0, PS1, PD1, R4, C4, PS, PD] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const [V, T] = [24, 28];
  const step = (p: number, s: number): number[] => [...op.get(p), ...op.get(s), ...op.add, ...op.set(p)];
  // Column v of a tile: the source's four floats (i … i+3, j + v), contiguous.
  const loads = [0, 1, 2, 3].flatMap((v) => [...op.get(PS), ...op.v128Load(0), ...op.set(V + v), ...(v < 3 ? step(PS, SC) : [])]);
  // T0 = (V0₀ V1₀ V0₁ V1₁), T1 = (V0₂ V1₂ V0₃ V1₃), T2, T3 the same of V2, V3; row r of the tile takes lane r of V0 … V3.
  const pairs = [
    [0, 0, [0, 4, 1, 5]],
    [1, 0, [2, 6, 3, 7]],
    [2, 2, [0, 4, 1, 5]],
    [3, 2, [2, 6, 3, 7]],
  ] as const;
  const halves = pairs.flatMap(([t, v, lanes]) => [...op.get(V + v), ...op.get(V + v + 1), ...op.shuffle32(lanes), ...op.set(T + t)]);
  const rows = (
    [
      [0, [0, 1, 4, 5]],
      [0, [2, 3, 6, 7]],
      [1, [0, 1, 4, 5]],
      [1, [2, 3, 6, 7]],
    ] as const
  ).flatMap(([t, lanes], r) => [...op.get(PD), ...op.get(T + t), ...op.get(T + t + 2), ...op.shuffle32(lanes), ...op.v128Store(0), ...(r < 3 ? step(PD, DR) : [])]);
  const tile = [
    ...op.get(PS1), ...op.get(I), ...op.i32(4), ...op.mul, ...op.add, ...op.get(J), ...op.get(SC), ...op.mul, ...op.add, ...op.set(PS),
    ...op.get(PD1), ...op.get(I), ...op.get(DR), ...op.mul, ...op.add, ...op.get(J), ...op.i32(4), ...op.mul, ...op.add, ...op.set(PD),
    ...loads, ...halves, ...rows,
  ];
  // The floats no tile covers: columns C4 … C − 1 of rows below R4, every column of the rows from R4.
  const edge = countedLoop(I, R, 1, [
    ...op.get(C4), ...op.i32(0), ...op.get(I), ...op.get(R4), ...op.ltS, ...op.select, ...op.set(J),
    ...countedLoop(J, C, 1, [
      ...op.get(PD1), ...op.get(I), ...op.get(DR), ...op.mul, ...op.add, ...op.get(J), ...op.i32(4), ...op.mul, ...op.add,
      ...op.get(PS1), ...op.get(I), ...op.i32(4), ...op.mul, ...op.add, ...op.get(J), ...op.get(SC), ...op.mul, ...op.add, ...op.f32Load(0),
      ...op.f32Store(0),
    ], null),
  ]);
  const body = [
    ...op.get(R), ...op.i32(-4), ...op.and, ...op.set(R4),
    ...op.get(C), ...op.i32(-4), ...op.and, ...op.set(C4),
    ...op.get(SRC), ...op.set(PS0), ...op.get(DST), ...op.set(PD0),
    ...countedLoop(I0, N0, 1, [
      ...op.get(PS0), ...op.set(PS1), ...op.get(PD0), ...op.set(PD1),
      ...countedLoop(I1, N1, 1, [
        ...countedLoop(I, R4, 4, countedLoop(J, C4, 4, tile)),
        ...edge,
        ...step(PS1, S1), ...step(PD1, D1),
      ]),
      ...step(PS0, S0), ...step(PD0, D0),
    ]),
  ];
  return [{ name: "transpose2", params: new Array<number>(12).fill(I32), locals: [...new Array<number>(12).fill(I32), ...new Array<number>(8).fill(V128)], body }];
}

/**
 * The class helper: dst[dOff + Σ kₐ·dₐ + i·dR + j] = src[sOff + Σ kₐ·sₐ + i + j·sC] for kₐ < nₐ, i < R,
 * j < C (strides in elements, none negative); false where it declines (arrays outside this model's
 * memory, a stride below 0, an index past an array's end).
 */
export function viewTransposeSimdHelper(t: HelperTarget): string {
  return [
    `/** A strided copy of R × C blocks, transposed, on the wasm kernel; false where the arrays are not in this model's memory, a stride is negative or an index would pass an array's end. */`,
    header(t, "viewTransposeSimd", ["src: F", "sOff: number", "dst: F", "dOff: number", "n0: number", "n1: number", "R: number", "C: number", "s0: number", "s1: number", "d0: number", "d1: number", "sC: number", "dR: number"], "boolean"),
    ...simdGuard(
      ["src", "dst"],
      "n0 >= 1 && n1 >= 1 && R >= 1 && C >= 1 && sOff >= 0 && dOff >= 0 && s0 >= 0 && s1 >= 0 && d0 >= 0 && d1 >= 0 && sC >= 0 && dR >= 0",
      "sOff + (n0 - 1) * s0 + (n1 - 1) * s1 + (R - 1) + (C - 1) * sC < src.length && dOff + (n0 - 1) * d0 + (n1 - 1) * d1 + (R - 1) * dR + (C - 1) < dst.length",
    ),
    // Cut over the threads by R, four rows a chunk: rows i0 … i1 − 1 start 4·i0 bytes into src and i0·dR floats into dst.
    `  this.simdCall(k, src.buffer, "transpose2", ${TRANSPOSE_NS} * n0 * n1 * R * C, 4, 4, [src.byteOffset + 4 * sOff, dst.byteOffset + 4 * dOff, n0, n1, R, C, 4 * s0, 4 * s1, 4 * d0, 4 * d1, 4 * sC, 4 * dR], [4, 4 * dR, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);`,
    `  return true;`,
    `}`,
  ].join("\n");
}
