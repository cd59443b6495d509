/** `split(x, parts, axis)`: equal parts or given sizes along an axis, as a tuple of slices. */
import type { BuiltinDef } from "./types.ts";

export const SPLIT_BUILTINS: readonly BuiltinDef[] = [];
