/** Lookups on integer data: `take(table, ids)`, `one_hot(ids, n)`, `float(x)`. */
import type { BuiltinDef } from "./types.ts";

export const LOOKUP_BUILTINS: readonly BuiltinDef[] = [];
