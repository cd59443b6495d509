import type { CodeInfo } from "./code-info.ts";

export const INTERNAL_CODES: Readonly<Record<string, CodeInfo>> = {};
