/**
 * Every diagnostic code, by range:
 *   E00xx syntax (parser, lexer)          — syntax.ts
 *   E01xx names and declarations           — check.ts
 *   E02xx types and dtypes                 — check.ts
 *   E03xx shapes                           — check.ts
 *   E04xx train sections                   — check.ts
 *   E05xx lowering / differentiation       — lower.ts
 *   E06xx files, data and checkpoints      — feed.ts (E0660–E0679 feeds: eval.ts)
 *   E07xx export to other engines (ONNX, PyTorch) — export.ts
 *   E09xx internal compiler errors         — internal.ts
 *   v0.2 forms (same ranges)               — v02-*.ts
 */
import type { CodeInfo } from "./code-info.ts";
import { SYNTAX_CODES } from "./syntax.ts";
import { CHECK_CODES } from "./check.ts";
import { LOWER_CODES } from "./lower.ts";
import { FEED_CODES } from "./feed.ts";
import { INTERNAL_CODES } from "./internal.ts";
import { EXPORT_CODES } from "./export.ts";
import { EVAL_CODES } from "./eval.ts";
import { SYNTAX_V02_CODES } from "./v02-syntax.ts";
import { LOOKUP_CODES } from "./v02-lookups.ts";
import { INDEXING_CODES } from "./v02-indexing.ts";
import { RECURRENCE_CODES } from "./v02-recurrence.ts";
import { STATE_CODES } from "./v02-state.ts";
import { STATE_RUN_CODES } from "./v02-state-run.ts";
import { STDLIB_CODES } from "./v02-stdlib.ts";
import { RANK_CODES } from "./v02-rank.ts";
import { TEXT_CODES } from "./v02-text.ts";
import { SAMPLE_CODES } from "./v02-sample.ts";

export type { CodeInfo };

export const CODES: Readonly<Record<string, CodeInfo>> = {
  ...SYNTAX_CODES,
  ...CHECK_CODES,
  ...LOWER_CODES,
  ...FEED_CODES,
  ...EVAL_CODES,
  ...EXPORT_CODES,
  ...INTERNAL_CODES,
  ...SYNTAX_V02_CODES,
  ...LOOKUP_CODES,
  ...INDEXING_CODES,
  ...RECURRENCE_CODES,
  ...STATE_CODES,
  ...STATE_RUN_CODES,
  ...STDLIB_CODES,
  ...RANK_CODES,
  ...TEXT_CODES,
  ...SAMPLE_CODES,
};

export function codeInfo(code: string): CodeInfo | undefined {
  return Object.hasOwn(CODES, code) ? CODES[code] : undefined;
}
