import type { OpDef } from "../op-def.ts";

export const BINARY_OPS = {} satisfies Record<string, OpDef>;
