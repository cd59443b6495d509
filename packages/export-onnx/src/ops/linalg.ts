/**
 * matmul with NumPy semantics: ONNX MatMul already promotes vectors and broadcasts batch dims, so a
 * flagged operand (rank ≥ 2) is transposed on its last two axes first; two matrices use Gemm with
 * the flags. outer(a, b) = a[:, None] · b[None, :].
 */
import { attrBool } from "@nnc/ops";
import type { OnnxEmit, OnnxRule } from "../contract.ts";

function lastTwoSwapped(e: OnnxEmit, x: string, rank: number): string {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return e.op("Transpose", [x], { perm: { ints: perm } });
}

export const LINALG_ONNX = {
  matmul: {
    emit: ({ e, inputs, inputTypes, node }) => {
      const tA = attrBool(node.attrs, "transA");
      const tB = attrBool(node.attrs, "transB");
      const [ra, rb] = [inputTypes[0]!.shape.length, inputTypes[1]!.shape.length];
      if (ra === 2 && rb === 2) return e.op("Gemm", [inputs[0]!, inputs[1]!], { transA: { i: tA ? 1 : 0 }, transB: { i: tB ? 1 : 0 } });
      const a = tA ? lastTwoSwapped(e, inputs[0]!, ra) : inputs[0]!;
      const b = tB ? lastTwoSwapped(e, inputs[1]!, rb) : inputs[1]!;
      return e.op("MatMul", [a, b]);
    },
  },
  outer: { emit: ({ e, inputs }) => e.op("Mul", [e.op("Unsqueeze", [inputs[0]!, e.ints([1])]), e.op("Unsqueeze", [inputs[1]!, e.ints([0])])]) },
} satisfies Record<string, OnnxRule>;
