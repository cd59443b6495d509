import type { CodeInfo } from "./code-info.ts";

export const CHECK_CODES: Readonly<Record<string, CodeInfo>> = {};
