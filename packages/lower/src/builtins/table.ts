/**
 * THE table of built-in functions: each entry's signature (parameter names, kinds, defaults) and its
 * lowering. The checker's driver has no per-built-in code; it binds arguments and calls `lower`.
 */
import { ELEMENTWISE_BUILTINS } from "./elementwise.ts";
import { HEAD_BUILTINS } from "./heads.ts";
import { LOOKUP_BUILTINS } from "./lookup.ts";
import { SPLIT_BUILTINS } from "./split.ts";
import { NN_BUILTINS } from "./nn.ts";
import { REDUCE_BUILTINS } from "./reduce.ts";
import { SHAPE_BUILTINS } from "./shape.ts";
import { LOSS_BUILTINS } from "./losses.ts";
import { RANGE_BUILTINS } from "./ranges.ts";
import type { BuiltinDef } from "./types.ts";

export const BUILTINS: ReadonlyMap<string, BuiltinDef> = new Map(
  [...ELEMENTWISE_BUILTINS, ...REDUCE_BUILTINS, ...SHAPE_BUILTINS, ...NN_BUILTINS, ...LOOKUP_BUILTINS, ...SPLIT_BUILTINS, ...LOSS_BUILTINS, ...RANGE_BUILTINS, ...HEAD_BUILTINS].map((b) => [b.name, b]),
);
