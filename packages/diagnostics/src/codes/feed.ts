import type { CodeInfo } from "./code-info.ts";

export const FEED_CODES: Readonly<Record<string, CodeInfo>> = {};
