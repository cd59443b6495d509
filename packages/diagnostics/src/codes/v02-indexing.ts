import type { CodeInfo } from "./code-info.ts";

/** v0.2 codes: indexing, tuples, paths E0318–E0329, E0115–E0119. */
export const INDEXING_CODES: Readonly<Record<string, CodeInfo>> = {};
