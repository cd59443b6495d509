import type { OpDef } from "../op-def.ts";

export const SHAPE_OPS = {} satisfies Record<string, OpDef>;
