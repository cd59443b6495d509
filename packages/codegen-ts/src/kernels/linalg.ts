/**
 * matmul and outer. matmul maps every NumPy form onto the tiled helper: a vector lhs is a 1×K
 * matrix, a vector rhs a K×1 matrix, the flags pick the helper variant (never a transpose copy),
 * and batch dims loop over the helper with per-batch offsets (a rank ≤ 2 operand is shared).
 */
import { dimMul, dimProduct, type Dim } from "@nnc/ir";
import type { CallCtx, CallKernel } from "../kernel-types.ts";
import { flag } from "./attrs.ts";

function matmul(c: CallCtx): string[] {
  const [a, b] = [c.inputs[0]!.type.shape, c.inputs[1]!.type.shape];
  const tA = flag(c.node, "transA");
  const tB = flag(c.node, "transB");
  const [ra, rb] = [a.length, b.length];
  const M: Dim = ra === 1 ? 1 : tA ? a[ra - 1]! : a[ra - 2]!;
  const K: Dim = ra === 1 ? a[0]! : tA ? a[ra - 2]! : a[ra - 1]!;
  const N: Dim = rb === 1 ? 1 : tB ? b[rb - 2]! : b[rb - 1]!;
  const batchRank = Math.max(ra - 2, rb - 2, 0);
  const nb = dimProduct(c.node.type.shape.slice(0, batchRank));
  const fn = c.helper(tA ? (tB ? "mmTT" : "mmTN") : tB ? "mmNT" : "mmNN");
  const [x, y, z] = [c.ins[0]!, c.ins[1]!, c.out];
  const dims = `${c.dim(M)}, ${c.dim(N)}, ${c.dim(K)}`;
  if (nb === 1) return [`${fn}(${x}, 0, ${y}, 0, ${z}, 0, ${dims}, false);`];
  // A shared rhs under an untransposed batched lhs: the batch's rows stacked are one [nb·M, K] matrix.
  if (ra > 2 && rb <= 2 && !tA) return [`${fn}(${x}, 0, ${y}, 0, ${z}, 0, ${c.dim(dimMul(nb, M))}, ${c.dim(N)}, ${c.dim(K)}, false);`];
  const off = (batched: boolean, size: Dim): string => (batched ? `_t * ${c.dim(size)}` : "0");
  return [
    `for (let _t = 0; _t < ${c.dim(nb)}; _t++) {`,
    `  ${fn}(${x}, ${off(ra > 2, dimMul(M, K))}, ${y}, ${off(rb > 2, dimMul(K, N))}, ${z}, ${off(true, dimMul(M, N))}, ${dims}, false);`,
    `}`,
  ];
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
