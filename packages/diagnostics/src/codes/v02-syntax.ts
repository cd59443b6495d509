import type { CodeInfo } from "./code-info.ts";

/** v0.2 codes: A (parser) E0027–E0039. */
export const SYNTAX_V02_CODES: Readonly<Record<string, CodeInfo>> = {};
