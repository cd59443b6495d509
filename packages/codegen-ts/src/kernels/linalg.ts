/**
 * matmul and outer. matmul maps every NumPy form onto the tiled helper: a vector lhs is a 1×K
 * matrix, a vector rhs a K×1 matrix, the flags pick the helper variant, and batch dims loop over the
 * helper with per-batch offsets (a rank ≤ 2 operand is shared), or make one call of the SIMD batch
 * kernel where it covers the shapes. Where mmTN or mmNT would be slower, one operand is copied
 * transposed into scratch and the product runs on mmNN (PACK below).
 */
import { dimMul, dimProduct, dimSymbols, evalDim, type Dim, type Node } from "@nnc/ir";
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

/**
 * The products multiplied as A·B on mmNN after copying an operand transposed into scratch (the
 * WebAssembly transposing copy, ../wasm/transpose-lanes.ts), where that is faster than the product as
 * stored (Zen 4, one thread, µs):
 * - Aᵀ·B with K ≥ MIN_K rows and N ≥ 32 (weight gradients, K = the batch's rows): A copied transposed.
 *   mmTN reads A's four adjacent columns a step from rows 4·M bytes apart, all K rows again for each
 *   8 columns of B, and from K ≈ 128 they no longer stay in L1; mmNN reads A's rows in order.
 *   256×64×512 510 → 30 + 393, 64×256×512 520 → 6 + 456, 512×128×512 2,232 → 141 + 1,676; K = 64 or
 *   N = 27: no gain or a loss. The same sums in the same order: bit for bit mmTN's.
 * - A·Bᵀ with M ≥ MIN_M rows and N ≥ 16 (input gradients through a weight, B the weight): B copied
 *   transposed (N·K floats, 1/M of the product's work), so mmNT's lane-split dot products become
 *   mmNN's tiles. 512×64×27 112 → 0.3 + 41, 512×64×64 118 → 0.5 + 94, 512×256×64 465 → 3 + 412; with
 *   M = 32 or 64 the copy does not pay. Each element is then summed in increasing p (mmNT sums
 *   p ≡ l mod 4 in four lanes from K = 16 on): the same rounding bound, other last bits.
 * - B in 16-column panels (mmPanelsSimd, the kernel mmNNP) where it is copied transposed anyway and N
 *   is a multiple of 16: the transposing copy writes the panels at no extra cost. A 16-column strip
 *   of a row-major B with rows ≥ 512 B apart maps onto ≤ 8 of L1's 64 sets; a panel is read in
 *   order. mmNN → mmNNP, same bits: 512×256×64 410 → 381, 512×64×256 400 → 371, 64×256×512 462 →
 *   397. Copying a B as stored into panels does not pay: a compiled 64×784×128 product measured
 *   1.22× slower with its copy on two threads (0.97× on one), 256×256×256 1.00×.
 * No copy is planned past MAX_COPY floats (16 MiB, at SMALL_ROWS rows): a larger operand keeps its
 * form, so a model's planned memory never doubles for one huge weight.
 * A dimension that depends on the batch (M or K = T·rows) is judged at SMALL_ROWS rows: scratch is
 * planned only where a small batch already reaches the minimum, and the code checks the minimum again
 * as it runs (the MNIST MLP's products, M or K = rows, stay as they are and plan no scratch).
 */
const PACK = { MIN_K: 128, MIN_M: 128, SMALL_ROWS: 8, MAX_COPY: 1 << 22 } as const;

interface Packing {
  /** The operand copied transposed into scratch: A (Aᵀ·B, an M×K copy) or B (A·Bᵀ, a K×N copy). */
  readonly copy: "A" | "B";
  /** B's copy laid out in 16-column panels (mmPanelsSimd). */
  readonly panels: boolean;
  /** The product's rows (a batched lhs's rows stacked) and the dimension checked at run time against `min`. */
  readonly M: Dim;
  readonly gate: Dim;
  readonly min: number;
}

/** The size a dimension has at SMALL_ROWS rows (every symbol at SMALL_ROWS); 0 where unknown. */
function atSmallBatch(d: Dim): number {
  return evalDim(d, Object.fromEntries(dimSymbols(d).map((s) => [s, PACK.SMALL_ROWS]))) ?? 0;
}

/** How matmul copies an operand (PACK), or null: a float32 Aᵀ·B or A·Bᵀ with a 2-D rhs whose copy fits MAX_COPY. */
function packing(node: Node, inputs: readonly Node[]): Packing | null {
  const p = copy(node, inputs);
  return p !== null && matmulScratch(node, inputs, p).every((d) => atSmallBatch(d) <= PACK.MAX_COPY) ? p : null;
}

/** packing()'s choice before the MAX_COPY check: which operand, by PACK's rules, or null. */
function copy(node: Node, inputs: readonly Node[]): Packing | null {
  const { M, K, N, ra, rb, tA, tB } = matmulDims(node, inputs);
  if (node.type.dtype !== "f32" || tA === tB || rb !== 2 || typeof N !== "number") return null;
  const known = (d: Dim, min: number): boolean => typeof d !== "number" || d >= min;
  if (tA) return ra === 2 && N >= 32 && atSmallBatch(K) >= PACK.MIN_K && known(M, 4) ? { copy: "A", panels: false, M, gate: K, min: PACK.MIN_K } : null;
  const rows = dimProduct(inputs[0]!.type.shape.slice(0, -1));
  return ra >= 2 && N >= 16 && known(K, 4) && atSmallBatch(rows) >= PACK.MIN_M ? { copy: "B", panels: N % 16 === 0, M: rows, gate: rows, min: PACK.MIN_M } : null;
}

/** The scratch packing() asks for: Aᵀ's M×K floats or Bᵀ's K×N. */
function matmulScratch(node: Node, inputs: readonly Node[], p = packing(node, inputs)): readonly Dim[] {
  if (p === null) return [];
  const { K, N } = matmulDims(node, inputs);
  return [p.copy === "A" ? dimMul(p.M, K) : dimMul(K, N)];
}

/** The product on a copied operand (packing()), falling back to the form as stored where the copy or kernel declines. */
function packedProduct(c: CallCtx, p: Packing, fn: string): string[] {
  const { K, N } = matmulDims(c.node, c.inputs);
  const [x, y, z, s] = [c.ins[0]!, c.ins[1]!, c.out, c.scratch[0]!];
  const [m, k, n] = [c.dim(p.M), c.dim(K), c.dim(N)];
  const asStored = `${fn}(${x}, 0, ${y}, 0, ${z}, 0, ${m}, ${n}, ${k}, false);`;
  const gate = `${c.dim(p.gate)} >= ${p.min}`;
  if (p.panels) return [`if (!(${gate} && ${c.helper("mmPanelsSimd")}(${x}, ${y}, ${s}, ${z}, ${m}, ${n}, ${k}))) ${asStored}`];
  const [src, r, cols] = p.copy === "A" ? [x, m, k] : [y, k, n];
  const transposed = `${c.helper("viewTransposeSimd")}(${src}, 0, ${s}, 0, 1, 1, ${r}, ${cols}, 0, 0, 0, 0, ${r}, ${cols})`;
  const [a, b] = p.copy === "A" ? [s, y] : [x, s];
  return [`if (${gate} && ${transposed}) ${c.helper("mmNN")}(${a}, 0, ${b}, 0, ${z}, 0, ${m}, ${n}, ${k}, false); else ${asStored}`];
}

function matmul(c: CallCtx): string[] {
  const { M, K, N, ra, rb, tA, tB } = matmulDims(c.node, c.inputs);
  const batchRank = Math.max(ra - 2, rb - 2, 0);
  const nb = dimProduct(c.node.type.shape.slice(0, batchRank));
  const form = tA ? (tB ? "mmTT" : "mmTN") : tB ? "mmNT" : "mmNN";
  const fn = c.helper(form);
  const [x, y, z] = [c.ins[0]!, c.ins[1]!, c.out];
  const dims = `${c.dim(M)}, ${c.dim(N)}, ${c.dim(K)}`;
  const p = packing(c.node, c.inputs);
  if (p !== null) return packedProduct(c, p, fn);
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
  matmul: { kind: "call", emit: matmul, scratch: (node, inputs) => matmulScratch(node, inputs) },
  outer: { kind: "call", emit: outer },
} satisfies Record<string, CallKernel>;
