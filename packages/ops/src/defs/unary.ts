import type { OpDef } from "../op-def.ts";

export const UNARY_OPS = {} satisfies Record<string, OpDef>;
