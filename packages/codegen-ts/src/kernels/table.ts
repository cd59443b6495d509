/**
 * THE kernel table: one entry per op of the op table. `satisfies Record<OpName, Kernel>` makes a new
 * op without a kernel a type error; the planner and emitter dispatch on the entry's kind only.
 */
import { dimProduct, type Dim } from "@nnc/ir";
import type { OpName } from "@nnc/ops";
import type { Kernel, ReduceKernel } from "../kernel-types.ts";
import { constLit } from "../names.ts";
import { CONV_KERNELS } from "./conv.ts";
import { GATHER_KERNELS } from "./gather.ts";
import { STATE_KERNELS } from "./state.ts";
import { LINALG_KERNELS } from "./linalg.ts";
import { MAP_KERNELS } from "./map.ts";
import { NN_KERNELS } from "./nn.ts";
import { VIEW_KERNELS } from "./views.ts";
import { SPECIAL_KERNELS } from "./special.ts";
import { num } from "./attrs.ts";
import { op } from "../wasm/encode.ts";
import { binaryLanes, type LaneCode } from "../wasm/fused-lanes.ts";

const reduce = (init: number, combine: (acc: string, v: string) => string, f64x2: LaneCode, mean = false): ReduceKernel => ({ kind: "reduce", init, combine, f64x2, ...(mean ? { mean } : {}) });

export const KERNELS = {
  input: { kind: "source" },
  param: { kind: "source" },
  const: { kind: "uniform", scalar: (node) => constLit(num(node, "value"), node.type.dtype), fill: (node) => num(node, "value") },
  dimsize: { kind: "uniform", scalar: (node, dim) => dim(dimProduct(node.attrs["dims"] as readonly Dim[])) },
  ...MAP_KERNELS,
  ...VIEW_KERNELS,
  reduce_sum: reduce(0, (a, v) => `${a} + ${v}`, binaryLanes(op.f64x2Add)),
  reduce_mean: reduce(0, (a, v) => `${a} + ${v}`, binaryLanes(op.f64x2Add), true),
  reduce_max: reduce(-Infinity, (a, v) => `Math.max(${a}, ${v})`, binaryLanes(op.f64x2Max)),
  reduce_min: reduce(Infinity, (a, v) => `Math.min(${a}, ${v})`, binaryLanes(op.f64x2Min)),
  ...LINALG_KERNELS,
  ...NN_KERNELS,
  ...CONV_KERNELS,
  ...GATHER_KERNELS,
  ...STATE_KERNELS,
  ...SPECIAL_KERNELS,
} satisfies Record<OpName, Kernel>;

export function kernelOf(op: string): Kernel | undefined {
  return (KERNELS as Readonly<Record<string, Kernel>>)[op];
}
