/** Lookups on integer ids: `take` (rows of a table) and its transpose `scatter_add`. */
import type { OpDef } from "../op-def.ts";

export const GATHER_OPS = {} satisfies Record<string, OpDef>;
