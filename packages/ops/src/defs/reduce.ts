import type { OpDef } from "../op-def.ts";

export const REDUCE_OPS = {} satisfies Record<string, OpDef>;
