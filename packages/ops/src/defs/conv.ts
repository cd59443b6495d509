import type { OpDef } from "../op-def.ts";

export const CONV_OPS = {} satisfies Record<string, OpDef>;
