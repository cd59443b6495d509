import type { OpDef } from "../op-def.ts";

export const SOURCES_OPS = {} satisfies Record<string, OpDef>;
