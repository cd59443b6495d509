/** The plan the Train tab posts to the Worker: the class compile() emits and the settings, as plain data. */
import { SYNTHETIC_DEFAULTS } from "@nnc/runtime/core";
import type { Analysis } from "./analyze.ts";
import type { Trainable } from "./binding.ts";
import { generate } from "./generate.ts";
import type { PagePlan } from "./page-trainer.ts";
import { dataSpec, DIGITS, type TrainSettings } from "./settings.ts";

/** The data seed: the section's data call's `seed` argument, else the synthetic sets' default (as in `nnc train`). */
function dataSeed(a: Analysis): number {
  const v = a.model?.train?.data?.args["seed"];
  return typeof v === "number" ? v : SYNTHETIC_DEFAULTS.seed;
}

export function pagePlan(a: Analysis, s: TrainSettings, t: Trainable): PagePlan | { readonly message: string } {
  const gen = generate(a, s, "js");
  if (!gen.ok) return { message: gen.message };
  const data = s.data === DIGITS ? { source: DIGITS, args: { val: s.testFraction, seed: dataSeed(a) } } : dataSpec(s, a.model);
  return { code: gen.value.code, className: gen.value.className, data, settings: s, metrics: a.model?.train?.metrics ?? null, bind: t.bind };
}
