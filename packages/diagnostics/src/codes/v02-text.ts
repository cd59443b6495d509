import type { CodeInfo } from "./code-info.ts";

/** v0.2 codes: text data (`chars(…)`) and vocabularies E0634–E0639. */
export const TEXT_CODES: Readonly<Record<string, CodeInfo>> = {};
