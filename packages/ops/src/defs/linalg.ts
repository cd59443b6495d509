import type { OpDef } from "../op-def.ts";

export const LINALG_OPS = {} satisfies Record<string, OpDef>;
