/**
 * THE PyTorch op table: one rule per op of the op table. `satisfies Record<OpName, PyRule>` makes a
 * new op without a rule a type error; the driver dispatches on the entry alone.
 */
import type { OpName } from "@nnc/ops";
import type { PyRule } from "../contract.ts";
import { SOURCES_PY } from "./sources.ts";
import { UNARY_PY } from "./unary.ts";
import { BINARY_PY } from "./binary.ts";
import { SHAPE_PY } from "./shape.ts";
import { REDUCE_PY } from "./reduce.ts";
import { LINALG_PY } from "./linalg.ts";
import { NN_PY } from "./nn.ts";
import { CONV_PY } from "./conv.ts";
import { GATHER_PY } from "./gather.ts";
import { RANGES_PY } from "./ranges.ts";

export const PY_OPS = {
  ...SOURCES_PY,
  ...UNARY_PY,
  ...BINARY_PY,
  ...SHAPE_PY,
  ...REDUCE_PY,
  ...LINALG_PY,
  ...NN_PY,
  ...CONV_PY,
  ...GATHER_PY,
  ...RANGES_PY,
} satisfies Record<OpName, PyRule>;

export function pyRuleOf(op: string): PyRule | undefined {
  return Object.hasOwn(PY_OPS, op) ? (PY_OPS as Readonly<Record<string, PyRule>>)[op] : undefined;
}
