/**
 * THE op table: every primitive of the IR, one record each (see op-def.ts). Lowering, autodiff, the
 * interpreter and codegen look ops up here and nowhere else.
 */
import type { OpDef } from "./op-def.ts";
import { SOURCES_OPS } from "./defs/sources.ts";
import { UNARY_OPS } from "./defs/unary.ts";
import { BINARY_OPS } from "./defs/binary.ts";
import { SHAPE_OPS } from "./defs/shape.ts";
import { REDUCE_OPS } from "./defs/reduce.ts";
import { LINALG_OPS } from "./defs/linalg.ts";
import { NN_OPS } from "./defs/nn.ts";
import { CONV_OPS } from "./defs/conv.ts";
import { GATHER_OPS } from "./defs/gather.ts";
import { RANGE_OPS } from "./defs/ranges.ts";

export const OPS = {
  ...SOURCES_OPS,
  ...UNARY_OPS,
  ...BINARY_OPS,
  ...SHAPE_OPS,
  ...REDUCE_OPS,
  ...LINALG_OPS,
  ...NN_OPS,
  ...CONV_OPS,
  ...GATHER_OPS,
  ...RANGE_OPS,
} satisfies Record<string, OpDef>;

export type OpName = keyof typeof OPS;

const table: ReadonlyMap<string, OpDef> = new Map<string, OpDef>(Object.entries(OPS));

export function lookupOp(name: string): OpDef | undefined {
  return table.get(name);
}

export function allOps(): readonly OpDef[] {
  return [...table.values()];
}
