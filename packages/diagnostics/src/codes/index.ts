/**
 * Every diagnostic code, by range:
 *   E00xx syntax (parser, lexer)          — syntax.ts
 *   E01xx names and declarations           — check.ts
 *   E02xx types and dtypes                 — check.ts
 *   E03xx shapes                           — check.ts
 *   E04xx train sections                   — check.ts
 *   E05xx lowering / differentiation       — lower.ts
 *   E06xx files, data and checkpoints      — feed.ts (E0660–E0679 feeds: eval.ts)
 *   E09xx internal compiler errors         — internal.ts
 */
import type { CodeInfo } from "./code-info.ts";
import { SYNTAX_CODES } from "./syntax.ts";
import { CHECK_CODES } from "./check.ts";
import { LOWER_CODES } from "./lower.ts";
import { FEED_CODES } from "./feed.ts";
import { INTERNAL_CODES } from "./internal.ts";
import { EVAL_CODES } from "./eval.ts";

export type { CodeInfo };

export const CODES: Readonly<Record<string, CodeInfo>> = {
  ...SYNTAX_CODES,
  ...CHECK_CODES,
  ...LOWER_CODES,
  ...FEED_CODES,
  ...EVAL_CODES,
  ...INTERNAL_CODES,
};

export function codeInfo(code: string): CodeInfo | undefined {
  return Object.hasOwn(CODES, code) ? CODES[code] : undefined;
}
