/**
 * Elementwise binary ops (NumPy broadcasting, as ONNX's), comparisons (→ bool), where and cast.
 * Cast to i32 truncates toward zero and to bool tests ≠ 0 — exactly ONNX Cast's semantics.
 */
import { attrDType } from "@nnc/ops";
import type { OnnxRule } from "../contract.ts";
import { castTo } from "../dtypes.ts";

const same = (opType: string): OnnxRule => ({ emit: ({ e, inputs }) => e.op(opType, inputs) });

export const BINARY_ONNX = {
  add: same("Add"),
  sub: same("Sub"),
  mul: same("Mul"),
  div: same("Div"),
  pow: same("Pow"),
  maximum: same("Max"),
  minimum: same("Min"),
  lt: same("Less"),
  le: same("LessOrEqual"),
  gt: same("Greater"),
  ge: same("GreaterOrEqual"),
  eq: same("Equal"),
  ne: { emit: ({ e, inputs }) => e.op("Not", [e.op("Equal", inputs)]) },
  where: same("Where"),
  cast: {
    emit: ({ e, inputs, inputTypes, node }) => {
      const from = e.dtypeOf(inputTypes[0]!);
      const to = e.dtypeOf({ dtype: attrDType(node.attrs), shape: node.type.shape });
      return from === to ? e.op("Identity", [inputs[0]!]) : e.op("Cast", [inputs[0]!], { to: castTo(to) });
    },
  },
} satisfies Record<string, OnnxRule>;
