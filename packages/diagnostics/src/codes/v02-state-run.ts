import type { CodeInfo } from "./code-info.ts";

/** v0.2 codes: buffers in feeds, checkpoints, programs E0605–E0609. */
export const STATE_RUN_CODES: Readonly<Record<string, CodeInfo>> = {};
