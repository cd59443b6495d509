import type { CodeInfo } from "./code-info.ts";

/** v0.2 codes: several results, scan, repeat E0330–E0339, E0120–E0124. */
export const RECURRENCE_CODES: Readonly<Record<string, CodeInfo>> = {};
