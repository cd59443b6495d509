/**
 * ONNX rules of take / scatter_add (ids are int32 in the graph):
 *   take(E, ids)            = Gather(E, ids, axis 0): shape ids.shape ++ E.shape[1:]
 *   scatter_add(ids, U, V)  = ScatterElements(zeros[V, R], idx, U as [M, R], axis 0, reduction "add")
 *                             reshaped to [V, ...rest], with M = |ids|, R = |rest| and idx[p, r] = ids[p]:
 *                             each U[p] is added at row ids[p], repeated ids accumulate.
 * Not ScatterND: ONNX Runtime's CPU ScatterND applies its "add" updates in parallel without atomics, so
 * repeated ids race on a multi-threaded session (seen: wrong sums with 8 intra-op threads);
 * ScatterElements applies them in one sequential loop.
 */
import { dimProduct } from "@nnc/ir";
import { attrDim } from "@nnc/ops";
import type { OnnxRule, OnnxRuleContext } from "../contract.ts";
import { zerosOfShape } from "./onnx-helpers.ts";

function scatterAdd(c: OnnxRuleContext): string {
  const { e, node } = c;
  const [ids, upd] = c.inputs as [string, string];
  const rows = attrDim(node.attrs, "rows");
  const rest = node.type.shape.slice(1);
  const m = dimProduct(c.inputTypes[0]!.shape);
  const r = dimProduct(rest);
  const flatShape = e.shape([m, r]);
  const zeros = zerosOfShape(e, e.dtypeOf(node.type), e.shape([rows, r]));
  const idx = e.op("Expand", [e.op("Reshape", [ids, e.shape([m, 1])]), flatShape]);
  const summed = e.op("ScatterElements", [zeros, idx, e.op("Reshape", [upd, flatShape])], { axis: { i: 0 }, reduction: { s: "add" } });
  return e.op("Reshape", [summed, e.shape([rows, ...rest])]);
}

export const GATHER_ONNX = {
  take: { emit: (c) => c.e.op("Gather", [c.inputs[0]!, c.inputs[1]!], { axis: { i: 0 } }) },
  scatter_add: { emit: scatterAdd },
} satisfies Record<string, OnnxRule>;
