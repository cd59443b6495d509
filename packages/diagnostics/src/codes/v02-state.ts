import type { CodeInfo } from "./code-info.ts";

/** v0.2 codes: buffer, next, training E0340–E0344, E0125–E0129. */
export const STATE_CODES: Readonly<Record<string, CodeInfo>> = {};
