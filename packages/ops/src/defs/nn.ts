import type { OpDef } from "../op-def.ts";

export const NN_OPS = {} satisfies Record<string, OpDef>;
