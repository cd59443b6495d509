/**
 * An Analysis as the page gets it (PageAnalysis): the diagnostics, the failure and a summary of the
 * model, computed in the Worker. The lowered model, the graphs and the explanation stay there
 * (analysis-protocol.ts); analysis-client.test.ts checks that a summary answers what the page asks
 * of the full Analysis (status, training settings, trainability, meaning).
 */
import type { Analysis } from "./analyze.ts";
import type { ModelSummary, PageAnalysis } from "./analysis-protocol.ts";
import { trainable } from "./binding.ts";
import { modelMeaning } from "./page-plan.ts";
import { defaultSettings } from "./settings.ts";

function summary(model: NonNullable<Analysis["model"]>): ModelSummary {
  const t = trainable(model);
  return { name: model.name, defaults: defaultSettings(model), trainable: t, meaning: "reason" in t ? null : modelMeaning(model) };
}

/** The page's copy of `a`, the answer to check `answer`. */
export function summarize(a: Analysis, answer: number): PageAnalysis {
  return {
    answer,
    fileName: a.fileName,
    text: a.text,
    diagnostics: a.diagnostics,
    ok: a.ok,
    differentiated: a.forward !== undefined && a.grad !== undefined,
    ...(a.model === undefined ? {} : { model: summary(a.model) }),
    ...(a.of === undefined ? {} : { of: a.of }),
    ...(a.failure === undefined ? {} : { failure: a.failure }),
  };
}

/** What the page shows when the compiler itself failed (a bug, a crashed or stuck Worker): no diagnostics, the failure, no graphs. */
export function crashed(answer: number, fileName: string, text: string, message: string): PageAnalysis {
  return { answer, fileName, text, diagnostics: [], ok: true, differentiated: false, failure: `internal compiler error: ${message}` };
}

/** Whether `a` failed inside the compiler (shown as an error, never beside a green check). */
export const isInternalError = (a: Pick<Analysis, "failure">): boolean => a.failure?.startsWith("internal compiler error") === true;
