import type { CodeInfo } from "./code-info.ts";

/** v0.2 codes: `nnc sample` E0651–E0655. */
export const SAMPLE_CODES: Readonly<Record<string, CodeInfo>> = {};
