/**
 * The page's trainer for a program text, built the way the Train tab and the Worker build it
 * (analysis → settings → plan → core data → PageTrainer), without a page: for the Node tests that
 * compare the page with `nnc train`. Point sets only (the digits asset exists in a built page).
 */
import { analyze, type Analysis } from "./analyze.ts";
import { trainable, type Trainable } from "./binding.ts";
import { pointSplit } from "./page-data.ts";
import { startTrainer, type PageTrainer } from "./page-trainer.ts";
import { defaultSettings, type TrainSettings } from "./settings.ts";
import { generate } from "./generate.ts";
import { planWith } from "./page-plan.ts";
import type { PagePlan } from "./page-trainer.ts";

/** The plan with the class compiled here, synchronously (Node tests, the learn views' tests). */
export function pagePlan(a: Analysis, s: TrainSettings, t: Trainable): PagePlan | { readonly message: string } {
  if (a.model === undefined) return { message: a.failure ?? "the program has errors" };
  return planWith(a.model, s, t, generate(a, s, "js"));
}

export async function programTrainer(fileName: string, text: string, change: Partial<TrainSettings> = {}): Promise<PageTrainer> {
  const a = analyze(fileName, text);
  if (a.model === undefined) throw new Error(a.failure ?? a.diagnostics.map((d) => d.text).join("\n"));
  const t = trainable(a.model);
  if ("reason" in t) throw new Error(t.reason);
  const plan = pagePlan(a, { ...defaultSettings(a.model), ...change }, t);
  if ("message" in plan) throw new Error(plan.message);
  return startTrainer(plan, pointSplit(plan.data));
}
