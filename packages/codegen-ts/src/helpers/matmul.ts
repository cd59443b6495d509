/**
 * The register-tiled matmul: C[co + i·N + j] (=|+=) Σ_p op(A)[i, p]·op(B)[p, j] for an M×K op(A)
 * and a K×N op(B). Each 4×4 block of C lives in 16 scalar accumulators while p runs, so every
 * loaded element of A is used 4 times and every element of B 4 times. The transposed forms read
 * the stored operand with swapped strides (A stored K×M, B stored N×K): no transpose is built.
 * Sums run over p in increasing order from 0, exactly like the reference evaluation.
 */
import { header, simdGuard, type HelperTarget } from "./signature.ts";
import { simdPrologue } from "./simd.ts";
import { TRANSPOSE_NS } from "../wasm/transpose-lanes.ts";

export type MatmulForm = "NN" | "TN" | "NT" | "TT";

/** The forms with an f32 SIMD kernel: the helper tries it first. */
export function simdForm(t: HelperTarget, form: MatmulForm): form is "NN" | "TN" | "NT" {
  return t.F === "Float32Array" && form !== "TT";
}

/**
 * The rows below M4 when B's rows are contiguous (NN, TN): 8 columns at a time, p outer, so each step
 * reads 8 adjacent floats of one B row instead of 8 strided dot products; each C element is still
 * Σ_p A(i, p)·B(p, j) in f64 in increasing p from 0, exactly as the dot-product loop sums it. Leaves N8
 * (the columns they covered) for the edge loop.
 */
function rowBlocks(sAi: string, sAp: string, sBp: string): string[] {
  const cs = [0, 1, 2, 3, 4, 5, 6, 7];
  return [
    `  // Rows below M4, 8 columns at a time (batch-1 inference is one such row).`,
    `  const N8 = M4 < M ? N - (N % 8) : 0;`,
    `  for (let i = M4; i < M; i++) {`,
    `    for (let j = 0; j < N8; j += 8) {`,
    `      let ${cs.map((c) => `s${c} = 0`).join(", ")};`,
    `      for (let p = 0, pa = ao + i * ${sAi}, pb = bo + j; p < K; p++, pa += ${sAp}, pb += ${sBp}) {`,
    `        const x = A[pa];`,
    `        ${cs.map((c) => `s${c} += x * B[pb${c === 0 ? "" : ` + ${c}`}];`).join(" ")}`,
    `      }`,
    `      const o = co + i * N + j;`,
    `      if (acc) {`,
    `        ${cs.map((c) => `C[o${c === 0 ? "" : ` + ${c}`}] += s${c};`).join(" ")}`,
    `      } else {`,
    `        ${cs.map((c) => `C[o${c === 0 ? "" : ` + ${c}`}] = s${c};`).join(" ")}`,
    `      }`,
    `    }`,
    `  }`,
  ];
}

export function matmulHelper(t: HelperTarget, form: MatmulForm): string {
  const tA = form[0] === "T";
  const tB = form[1] === "T";
  // A(i, p) = A[ao + i·sAi + p·sAp]; B(p, j) = B[bo + p·sBp + j·sBj].
  const sAi = tA ? "1" : "K";
  const sAp = tA ? "M" : "1";
  const sBp = tB ? "1" : "N";
  const sBj = tB ? "K" : "1";
  const off = (s: string, r: number): string => (r === 0 ? "" : s === "1" ? ` + ${r}` : r === 1 ? ` + ${s}` : ` + ${s}${r}`);
  const a = (r: number): string => `A[pa${off(sAi, r)}]`;
  const b = (c: number): string => `B[pb${off(sBj, c)}]`;
  const acc: string[] = [];
  const stores: string[] = [];
  const adds: string[] = [];
  for (let r = 0; r < 4; r++) {
    const row: string[] = [];
    for (let c = 0; c < 4; c++) row.push(`c${r}${c} += x${r} * y${c};`);
    acc.push(`        ${row.join(" ")}`);
    const st = [0, 1, 2, 3].map((c) => `C[o + ${r === 0 ? "" : `N${r > 1 ? r : ""} + `}${c}]`);
    stores.push(`          ${st.map((s, c) => `${s} = c${r}${c};`).join(" ")}`);
    adds.push(`          ${st.map((s, c) => `${s} += c${r}${c};`).join(" ")}`);
  }
  const cdecl = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => `c${r}${c} = 0`).join(", ")).join(",\n        ");
  const mul = (s: string): string[] => (s === "1" ? [] : [`const ${s}2 = 2 * ${s}, ${s}3 = 3 * ${s};`]);
  const simd = simdForm(t, form);
  const tiles = [
    `  for (let i = 0; i < M4; i += 4) {`,
    `    for (let j = 0; j < N4; j += 4) {`,
    `      let ${cdecl};`,
    `      for (let p = 0, pa = ao + i * ${sAi}, pb = bo + j * ${sBj}; p < K; p++, pa += ${sAp}, pb += ${sBp}) {`,
    `        const x0 = ${a(0)}, x1 = ${a(1)}, x2 = ${a(2)}, x3 = ${a(3)};`,
    `        const y0 = ${b(0)}, y1 = ${b(1)}, y2 = ${b(2)}, y3 = ${b(3)};`,
    ...acc,
    `      }`,
    `      const o = co + i * N + j;`,
    `      if (acc) {`,
    ...adds,
    `      } else {`,
    ...stores,
    `      }`,
    `    }`,
    `  }`,
  ];
  return [
    `/** C ${form === "NN" ? "= A·B" : form === "TN" ? "= Aᵀ·B" : form === "NT" ? "= A·Bᵀ" : "= Aᵀ·Bᵀ"} (accumulated when acc), M×K times K×N, 4×4 register tiles. */`,
    header(t, `mm${form}`, ["A: F", "ao: number", "B: F", "bo: number", "C: F", "co: number", "M: number", "N: number", "K: number", "acc: boolean"]),
    ...(simd ? simdPrologue(form) : []),
    // The SIMD mmNN and mmTN cover every row and column of C: nothing is left for the scalar kernel.
    ...(simd && form !== "NT" ? [`  if (tiled) return;`] : []),
    `  const N2 = 2 * N, N3 = 3 * N;`,
    ...[...new Set([...mul(sAi), ...mul(sBj)])].map((l) => `  ${l}`),
    `  const M4 = M - (M % 4), N4 = N - (N % 4);`,
    ...(simd && form === "NT" ? [`  if (!tiled) {`, ...tiles.map((l) => `  ${l}`), `  }`] : tiles),
    ...(sBj === "1" ? rowBlocks(sAi, sAp, sBp) : []),
    `  // Edges: the rows below M4 and the columns right of N4, one dot product each.`,
    `  for (let i = 0; i < M; i++) {`,
    `    for (let j = i < M4 ? N4 : ${sBj === "1" ? "N8" : "0"}; j < N; j++) {`,
    `      let s = 0;`,
    `      for (let p = 0, pa = ao + i * ${sAi}, pb = bo + j * ${sBj}; p < K; p++, pa += ${sAp}, pb += ${sBp}) s += A[pa] * B[pb];`,
    `      const o = co + i * N + j;`,
    `      C[o] = acc ? C[o] + s : s;`,
    `    }`,
    `  }`,
    `}`,
  ].join("\n");
}

/**
 * mmPanelsSimd(A, B, P, C, M, N, K): C = A·Bᵀ, B stored N×K, on the SIMD kernel mmNNP
 * (../wasm/matmul-simd.ts) after transpose2 lays Bᵀ out in 16-column panels in scratch P: panel q
 * holds columns 16q … 16q+15 of Bᵀ (rows 16q … of B) as a K×16 block. Each C element is mmNN's sum
 * on Bᵀ (Σ_p in increasing p from 0, in f32). False where it cannot run; the caller's mmNT must then.
 */
export function matmulPanelsHelper(t: HelperTarget): string {
  return [
    `/** C = A·Bᵀ (B stored N×K) on the SIMD kernel mmNNP, Bᵀ laid out first in 16-column panels in P; false where it cannot run. */`,
    header(t, "mmPanelsSimd", ["A: F", "B: F", "P: F", "C: F", "M: number", "N: number", "K: number"], "boolean"),
    ...simdGuard(["C", "A", "B", "P"], "M >= 1 && K >= 1 && N >= 16 && N % 16 === 0", "A.length >= M * K && B.length >= K * N && P.length >= K * N && C.length >= M * N"),
    // Cut over the threads by panels: panel q starts 64·K·q bytes into B and into P.
    `  this.simdCall(k, C.buffer, "transpose2", ${TRANSPOSE_NS} * K * N, 2, 1, [B.byteOffset, P.byteOffset, N / 16, 1, K, 16, 64 * K, 0, 64 * K, 0, 4 * K, 64], [64 * K, 64 * K, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);`,
    `  return this.simdMm("mmNNP", A, 0, P, 0, C, 0, M, N, K, false);`,
    `}`,
  ].join("\n");
}
