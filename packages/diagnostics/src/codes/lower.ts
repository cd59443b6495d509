import type { CodeInfo } from "./code-info.ts";

export const LOWER_CODES: Readonly<Record<string, CodeInfo>> = {};
