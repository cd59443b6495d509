/**
 * Reductions over `axes` (absent = all) with `keepdims`. At opset 17 ReduceSum takes its axes as an
 * input, ReduceMean/Max/Min as an attribute. An empty axes list reduces nothing (ONNX would reduce
 * everything), so it is an Identity.
 */
import { attrBool, attrInts } from "@nnc/ops";
import type { Node } from "@nnc/ir";
import type { OnnxEmit, OnnxRule, OnnxRuleContext } from "../contract.ts";

function axesOf(node: Node, rank: number): readonly number[] {
  return node.attrs["axes"] === undefined ? Array.from({ length: rank }, (_, i) => i) : attrInts(node.attrs, "axes");
}

function reduceWith(e: OnnxEmit, opType: string, x: string, axes: readonly number[], keepdims: boolean): string {
  const keep = { keepdims: { i: keepdims ? 1 : 0 } };
  if (opType === "ReduceSum") return e.op(opType, [x, e.ints(axes)], keep);
  return e.op(opType, [x], { ...keep, axes: { ints: axes } });
}

const reduction = (opType: string): OnnxRule => ({
  emit: ({ e, inputs, inputTypes, node }) => {
    const axes = axesOf(node, inputTypes[0]!.shape.length);
    if (axes.length === 0) return e.op("Identity", [inputs[0]!]);
    return reduceWith(e, opType, inputs[0]!, axes, attrBool(node.attrs, "keepdims"));
  },
});

/**
 * logsumexp(x) = m + log Σ exp(x − m), m = max over the axes (kept), so no exp overflows. An all −∞
 * group uses m = 0 instead (x − m would be NaN): Σ = 0 and the result is −∞, as nnc's.
 */
function logsumexp({ e, inputs, inputTypes, node }: OnnxRuleContext): string {
  const x = inputs[0]!;
  const axes = axesOf(node, inputTypes[0]!.shape.length);
  if (axes.length === 0) return e.op("Identity", [x]);
  const max = reduceWith(e, "ReduceMax", x, axes, true);
  const m = e.op("Where", [e.op("IsInf", [max], { detect_positive: { i: 0 } }), e.scalar(e.dtypeOf(node.type), 0), max]);
  const s = reduceWith(e, "ReduceSum", e.op("Exp", [e.op("Sub", [x, m])]), axes, true);
  const lse = e.op("Add", [m, e.op("Log", [s])]);
  return attrBool(node.attrs, "keepdims") ? lse : e.op("Squeeze", [lse, e.ints(axes)]);
}

export const REDUCE_ONNX = {
  reduce_sum: reduction("ReduceSum"),
  reduce_mean: reduction("ReduceMean"),
  reduce_max: reduction("ReduceMax"),
  reduce_min: reduction("ReduceMin"),
  logsumexp: { emit: logsumexp },
} satisfies Record<string, OnnxRule>;
