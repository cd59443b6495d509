import type { CodeInfo } from "./code-info.ts";

export const SYNTAX_CODES: Readonly<Record<string, CodeInfo>> = {};
