/**
 * THE ONNX op table: one rule per op of the op table. `satisfies Record<OpName, OnnxRule>` makes a
 * new op without a rule a type error; the driver dispatches on the entry alone.
 */
import type { OpName } from "@nnc/ops";
import type { OnnxRule } from "../contract.ts";
import { SOURCES_ONNX } from "./sources.ts";
import { UNARY_ONNX } from "./unary.ts";
import { BINARY_ONNX } from "./binary.ts";
import { SHAPE_ONNX } from "./shape.ts";
import { REDUCE_ONNX } from "./reduce.ts";
import { LINALG_ONNX } from "./linalg.ts";
import { NN_ONNX } from "./nn.ts";
import { CONV_ONNX } from "./conv.ts";
import { GATHER_ONNX } from "./gather.ts";
import { RANGES_ONNX } from "./ranges.ts";

export const ONNX_OPS = {
  ...SOURCES_ONNX,
  ...UNARY_ONNX,
  ...BINARY_ONNX,
  ...SHAPE_ONNX,
  ...REDUCE_ONNX,
  ...LINALG_ONNX,
  ...NN_ONNX,
  ...CONV_ONNX,
  ...GATHER_ONNX,
  ...RANGES_ONNX,
} satisfies Record<OpName, OnnxRule>;

export function onnxRuleOf(op: string): OnnxRule | undefined {
  return Object.hasOwn(ONNX_OPS, op) ? (ONNX_OPS as Readonly<Record<string, OnnxRule>>)[op] : undefined;
}
