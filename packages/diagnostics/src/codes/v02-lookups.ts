import type { CodeInfo } from "./code-info.ts";

/** v0.2 codes: ops and hints E0345–E0349. */
export const LOOKUP_CODES: Readonly<Record<string, CodeInfo>> = {};
