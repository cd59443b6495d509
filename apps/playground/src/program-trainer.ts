/**
 * The page's trainer for a program text, built the way the Train tab and the Worker build it
 * (analysis → settings → plan → core data → PageTrainer), without a page: for the Node tests that
 * compare the page with `nnc train`. Point sets only (the digits asset exists in a built page).
 */
import { analyze } from "./analyze.ts";
import { trainable } from "./binding.ts";
import { pointSplit } from "./page-data.ts";
import { startTrainer, type PageTrainer } from "./page-trainer.ts";
import { defaultSettings, type TrainSettings } from "./settings.ts";
import { pagePlan } from "./page-plan.ts";

export async function programTrainer(fileName: string, text: string, change: Partial<TrainSettings> = {}): Promise<PageTrainer> {
  const a = analyze(fileName, text);
  if (a.model === undefined) throw new Error(a.failure ?? a.diagnostics.map((d) => d.text).join("\n"));
  const t = trainable(a.model);
  if ("reason" in t) throw new Error(t.reason);
  const plan = pagePlan(a, { ...defaultSettings(a.model), ...change }, t);
  if ("message" in plan) throw new Error(plan.message);
  return startTrainer(plan, pointSplit(plan.data));
}
