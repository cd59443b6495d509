import type { CodeInfo } from "./code-info.ts";

/** v0.2 codes: rank-generic block signatures (`f32[..., D]`) E0128, E0343–E0344. */
export const RANK_CODES: Readonly<Record<string, CodeInfo>> = {};
