/**
 * matmul and outer. matmul maps every NumPy form onto the tiled helper: a vector lhs is a 1×K
 * matrix, a vector rhs a K×1 matrix, the flags pick the helper variant (never a transpose copy),
 * and batch dims loop over the helper with per-batch offsets (a rank ≤ 2 operand is shared), or
 * make one call of the SIMD batch kernel where it covers the shapes.
 */
import { dimMul, dimProduct, type Dim, type Node } from "@nnc/ir";
import type { CallCtx, CallKernel, SimdStandIn } from "../kernel-types.ts";
import { flag } from "./attrs.ts";
import { simdFirst } from "./simd-first.ts";

/** M, K, N of op(A)·op(B) and the operands' ranks and flags: a vector lhs is 1×K, a vector rhs K×1. */
function matmulDims(node: Node, inputs: readonly Node[]): { readonly M: Dim; readonly K: Dim; readonly N: Dim; readonly ra: number; readonly rb: number; readonly tA: boolean; readonly tB: boolean } {
  const [a, b] = [inputs[0]!.type.shape, inputs[1]!.type.shape];
  const [tA, tB] = [flag(node, "transA"), flag(node, "transB")];
  const [ra, rb] = [a.length, b.length];
  const M: Dim = ra === 1 ? 1 : tA ? a[ra - 1]! : a[ra - 2]!;
  const K: Dim = ra === 1 ? a[0]! : tA ? a[ra - 2]! : a[ra - 1]!;
  const N: Dim = rb === 1 ? 1 : tB ? b[rb - 2]! : b[rb - 1]!;
  return { M, K, N, ra, rb, tA, tB };
}

/**
 * The batched loop's stand-in (../wasm/matmul-batch.ts): one call for the whole batch where the SIMD
 * kernel covers all of each C (always for A·B and Aᵀ·B; for A·Bᵀ, M and N multiples of 4; the helper
 * checks again).
 */
const BATCH_SIMD: SimdStandIn = {
  helper: "mmBatchSimd",
  applies: (node, inputs) => {
    const { M, N, ra, rb, tA, tB } = matmulDims(node, inputs);
    if (ra < 2 || rb < 2 || (tA && tB)) return false;
    return !tB || (typeof M === "number" && M % 4 === 0 && typeof N === "number" && N % 4 === 0);
  },
};

function matmul(c: CallCtx): string[] {
  const { M, K, N, ra, rb, tA, tB } = matmulDims(c.node, c.inputs);
  const batchRank = Math.max(ra - 2, rb - 2, 0);
  const nb = dimProduct(c.node.type.shape.slice(0, batchRank));
  const form = tA ? (tB ? "mmTT" : "mmTN") : tB ? "mmNT" : "mmNN";
  const fn = c.helper(form);
  const [x, y, z] = [c.ins[0]!, c.ins[1]!, c.out];
  const dims = `${c.dim(M)}, ${c.dim(N)}, ${c.dim(K)}`;
  if (nb === 1) return [`${fn}(${x}, 0, ${y}, 0, ${z}, 0, ${dims}, false);`];
  // A shared rhs under an untransposed batched lhs: the batch's rows stacked are one [nb·M, K] matrix.
  if (ra > 2 && rb <= 2 && !tA) return [`${fn}(${x}, 0, ${y}, 0, ${z}, 0, ${c.dim(dimMul(nb, M))}, ${c.dim(N)}, ${c.dim(K)}, false);`];
  const off = (batched: boolean, size: Dim): string => (batched ? `_t * ${c.dim(size)}` : "0");
  const stride = (batched: boolean, size: Dim): string => (batched ? c.dim(size) : "0");
  const batch = `"${form}", ${x}, 0, ${stride(ra > 2, dimMul(M, K))}, ${y}, 0, ${stride(rb > 2, dimMul(K, N))}, ${z}, 0, ${c.dim(dimMul(M, N))}, ${c.dim(nb)}, ${dims}, false`;
  return simdFirst(c, BATCH_SIMD, batch, [
    `for (let _t = 0; _t < ${c.dim(nb)}; _t++) {`,
    `  ${fn}(${x}, ${off(ra > 2, dimMul(M, K))}, ${y}, ${off(rb > 2, dimMul(K, N))}, ${z}, ${off(true, dimMul(M, N))}, ${dims}, false);`,
    `}`,
  ]);
}

function outer(c: CallCtx): string[] {
  const [m, n] = [c.inputs[0]!.type.shape[0]!, c.inputs[1]!.type.shape[0]!];
  const [a, b, z] = [c.ins[0]!, c.ins[1]!, c.out];
  return [`for (let _i = 0, _o = 0; _i < ${c.dim(m)}; _i++) {`, `  for (let _j = 0; _j < ${c.dim(n)}; _j++, _o++) ${z}[_o] = ${a}[_i] * ${b}[_j];`, `}`];
}

export const LINALG_KERNELS = {
  matmul: { kind: "call", emit: matmul },
  outer: { kind: "call", emit: outer },
} satisfies Record<string, CallKernel>;
