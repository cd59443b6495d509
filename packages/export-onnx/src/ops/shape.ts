/** Shape ops: broadcast → Expand, reshape, transpose, concat, slice (symbolic bounds read at run time). */
import { attrDim, attrInts, attrNumber } from "@nnc/ops";
import type { OnnxRule } from "../contract.ts";

export const SHAPE_ONNX = {
  broadcast: { emit: ({ e, inputs, node }) => e.op("Expand", [inputs[0]!, e.shape(node.type.shape)]) },
  // allowzero: a 0 in the target shape is a zero-size axis, never "copy the input's dim".
  reshape: { emit: ({ e, inputs, node }) => e.op("Reshape", [inputs[0]!, e.shape(node.type.shape)], { allowzero: { i: 1 } }) },
  transpose: { emit: ({ e, inputs, node }) => e.op("Transpose", [inputs[0]!], { perm: { ints: attrInts(node.attrs, "perm") } }) },
  concat: { emit: ({ e, inputs, node }) => e.op("Concat", inputs, { axis: { i: attrNumber(node.attrs, "axis") } }) },
  slice: {
    emit: ({ e, inputs, node }) => {
      const axis = attrNumber(node.attrs, "axis");
      return e.op("Slice", [inputs[0]!, e.dim(attrDim(node.attrs, "start")), e.dim(attrDim(node.attrs, "end")), e.ints([axis])]);
    },
  },
} satisfies Record<string, OnnxRule>;
