/**
 * ONNX rules of the index constants: arange {n} = Range(0, n, 1) in int32; tril/triu {n, k} =
 * Trilu(ones bool[n, n], k) with upper 0/1: Trilu keeps (i, j) where j − i ≤ k (lower) or j − i ≥ k
 * (upper), the same masks as torch.tril/triu with diagonal = k. `n` may be a symbolic dim.
 */
import { attrDim, attrNumber } from "@nnc/ops";
import type { OnnxRule, OnnxRuleContext } from "../contract.ts";
import { dimScalar } from "./onnx-helpers.ts";

function triangle(upper: 0 | 1): (c: OnnxRuleContext) => string {
  return (c) => {
    const { e, node } = c;
    const n = attrDim(node.attrs, "n");
    const ones = e.op("Expand", [e.scalar("bool", 1), e.shape([n, n])]);
    return e.op("Trilu", [ones, e.scalar("i64", attrNumber(node.attrs, "k", 0))], { upper: { i: upper } });
  };
}

export const RANGES_ONNX = {
  arange: {
    emit: (c) => c.e.op("Range", [c.e.scalar("i32", 0), dimScalar(c.e, attrDim(c.node.attrs, "n"), "i32"), c.e.scalar("i32", 1)]),
  },
  tril: { emit: triangle(0) },
  triu: { emit: triangle(1) },
} satisfies Record<string, OnnxRule>;
