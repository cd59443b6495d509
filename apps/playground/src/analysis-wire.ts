/**
 * Answers the page makes up itself when the analysis Worker gives none (a crashed or stuck Worker),
 * in the form of the Worker's (PageAnalysis; analysis-summary.ts makes the Worker's own).
 */
import type { Analysis } from "./analyze.ts";
import type { PageAnalysis } from "./analysis-protocol.ts";

/** What the page shows when the compiler itself failed (a bug, a crashed or stuck Worker): no diagnostics, the failure, no graphs. */
export function crashed(answer: number, fileName: string, text: string, message: string): PageAnalysis {
  return { answer, fileName, text, diagnostics: [], ok: true, differentiated: false, failure: `internal compiler error: ${message}` };
}

/** Whether `a` failed inside the compiler (shown as an error, never beside a green check). */
export const isInternalError = (a: Pick<Analysis, "failure">): boolean => a.failure?.startsWith("internal compiler error") === true;
