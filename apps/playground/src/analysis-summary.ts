/**
 * The page's copy of an Analysis (PageAnalysis), made in the analysis Worker: the diagnostics, the
 * failure and a summary of the model. The lowered model, the graphs and the explanation stay there
 * (analysis-protocol.ts); analysis-client.test.ts checks that a summary answers what the page asks of
 * the full Analysis (status, training settings, trainability, meaning). Worker side only: it imports
 * the compiler's tables, which the page's start-up should not load.
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
