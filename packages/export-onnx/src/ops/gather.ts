/**
 * ONNX rules of take / scatter_add (ids are int32 in the graph):
 *   take(E, ids)            = Gather(E, ids, axis 0): shape ids.shape ++ E.shape[1:]
 *   scatter_add(ids, U, V)  = ScatterND(zeros[V, ...rest], ids[..., None], U, reduction "add"):
 *                             each U[p] is added at row ids[p], repeated ids accumulate.
 */
import { attrDim } from "@nnc/ops";
import type { OnnxRule, OnnxRuleContext } from "../contract.ts";
import { castValue, zerosOfShape } from "./onnx-helpers.ts";

function scatterAdd(c: OnnxRuleContext): string {
  const { e, node } = c;
  const [ids, upd] = c.inputs as [string, string];
  const rest = node.type.shape.slice(1);
  const zeros = zerosOfShape(e, e.dtypeOf(node.type), e.shape([attrDim(node.attrs, "rows"), ...rest]));
  // ScatterND's indices are int64 with a trailing axis of length 1 (one index into axis 0).
  const idx = e.op("Unsqueeze", [castValue(e, ids, "i32", "i64"), e.ints([-1])]);
  return e.op("ScatterND", [zeros, idx, upd], { reduction: { s: "add" } });
}

export const GATHER_ONNX = {
  take: { emit: (c) => c.e.op("Gather", [c.inputs[0]!, c.inputs[1]!], { axis: { i: 0 } }) },
  scatter_add: { emit: scatterAdd },
} satisfies Record<string, OnnxRule>;
