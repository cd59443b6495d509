/**
 * matmul with NumPy semantics: ONNX MatMul broadcasts batch dims like nnc (a rank-2 operand is
 * shared across the other's batch); a flagged operand (rank ≥ 2) is transposed on its last two axes;
 * two matrices use Gemm with the flags. outer(a, b) = a[:, None] · b[None, :].
 */
import { attrBool } from "@nnc/ops";
import type { OnnxEmit, OnnxRule, OnnxRuleContext } from "../contract.ts";

function lastTwoSwapped(e: OnnxEmit, x: string, rank: number): string {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return e.op("Transpose", [x], { perm: { ints: perm } });
}

/**
 * Z = op(A)·op(B). A vector operand is made a matrix first (a → [1, k], b → [k, 1]) and its axis
 * squeezed from the result, so MatMul never sees a rank-1 operand: ORT 1.30's Transpose+MatMul
 * fusion gives wrong results for a transposed matrix times a vector.
 */
function matmul({ e, inputs, inputTypes, node }: OnnxRuleContext): string {
  const tA = attrBool(node.attrs, "transA");
  const tB = attrBool(node.attrs, "transB");
  const [ra, rb] = [inputTypes[0]!.shape.length, inputTypes[1]!.shape.length];
  const a = ra === 1 ? e.op("Unsqueeze", [inputs[0]!, e.ints([0])]) : inputs[0]!;
  const b = rb === 1 ? e.op("Unsqueeze", [inputs[1]!, e.ints([1])]) : inputs[1]!;
  const [pa, pb] = [Math.max(ra, 2), Math.max(rb, 2)];
  const z =
    pa === 2 && pb === 2
      ? e.op("Gemm", [a, b], { transA: { i: tA ? 1 : 0 }, transB: { i: tB ? 1 : 0 } })
      : e.op("MatMul", [tA ? lastTwoSwapped(e, a, pa) : a, tB ? lastTwoSwapped(e, b, pb) : b]);
  const squeeze = [...(ra === 1 ? [-2] : []), ...(rb === 1 ? [-1] : [])];
  return squeeze.length === 0 ? z : e.op("Squeeze", [z, e.ints(squeeze)]);
}

export const LINALG_ONNX = {
  matmul: { emit: matmul },
  outer: { emit: ({ e, inputs }) => e.op("Mul", [e.op("Unsqueeze", [inputs[0]!, e.ints([1])]), e.op("Unsqueeze", [inputs[1]!, e.ints([0])])]) },
} satisfies Record<string, OnnxRule>;
