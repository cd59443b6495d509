/** The plan the Train tab posts to the Worker: the class compile() emits and the settings, as plain data. */
import { SYNTHETIC_DEFAULTS } from "@nnc/runtime/core";
import type { Analysis } from "./analyze.ts";
import type { Trainable } from "./binding.ts";
import { generate, type Generated } from "./generate.ts";
import { NAMES, namesArgsProblem, type DataSourceCall } from "./page-data.ts";
import type { PagePlan } from "./page-trainer.ts";
import { dataSpec, DIGITS, type TrainSettings } from "./settings.ts";

/** The data seed: the section's data call's `seed` argument, else the synthetic sets' default (as in `nnc train`). */
function dataSeed(a: Analysis): number {
  const v = a.model?.train?.data?.args["seed"];
  return typeof v === "number" ? v : SYNTHETIC_DEFAULTS.seed;
}

/** The model class for a program and settings, compiled wherever the caller compiles (the page: the analysis Worker). */
export type ClassCompiler = (a: Analysis, s: TrainSettings, target: "js") => Promise<Generated>;

/** The plan with the class compiled by `compileClass` (the page passes the analysis Worker's, so Start never compiles on the page). */
export async function pagePlanVia(a: Analysis, s: TrainSettings, t: Trainable, compileClass: ClassCompiler): Promise<PagePlan | { readonly message: string }> {
  if (a.model === undefined) return { message: a.failure ?? "the program has errors" };
  return planWith(a, s, t, await compileClass(a, s, "js"));
}

/** The plan with the class compiled here, synchronously (Node tests, the learn views' tests). */
export function pagePlan(a: Analysis, s: TrainSettings, t: Trainable): PagePlan | { readonly message: string } {
  if (a.model === undefined) return { message: a.failure ?? "the program has errors" };
  return planWith(a, s, t, generate(a, s, "js"));
}

function planWith(a: Analysis, s: TrainSettings, t: Trainable, gen: Generated): PagePlan | { readonly message: string } {
  const model = a.model;
  if (model === undefined) return { message: a.failure ?? "the program has errors" };
  if (!gen.ok) return { message: gen.message };
  let data: DataSourceCall;
  if (t.kind === "chars") {
    // The page serves one names() split (built with the runtime's loadNames): the call must ask for it.
    const args = model.train?.data?.args ?? {};
    const problem = namesArgsProblem(args);
    if (problem !== null) return { message: problem };
    data = { source: NAMES, args };
  } else data = s.data === DIGITS ? { source: DIGITS, args: { val: s.testFraction, seed: dataSeed(a) } } : dataSpec(s, model);
  return { code: gen.value.code, className: gen.value.className, data, settings: s, metrics: model.train?.metrics ?? null, bind: t.bind, graph: model.graph };
}

/** Source positions: they move when a comment or a blank line is typed, and say nothing of what the program computes. */
const POSITION_KEYS = /^(span|spans|.*Span|.*Spans)$/;

/**
 * What the program means to training: the lowered model (graph, train section) without source
 * positions, and the settings. Equal keys train the same model the same way, so a comment or
 * whitespace typed during training keeps the run; any other change starts from fresh parameters.
 */
export function meaningKey(a: Analysis, s: TrainSettings): string {
  return JSON.stringify({ model: a.model ?? null, settings: s }, (k, v: unknown) => {
    if (POSITION_KEYS.test(k)) return undefined;
    // Keys in a fixed order: equal settings built in another order give the same key.
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    return v;
  });
}
