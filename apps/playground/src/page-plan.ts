/** The plan the Train tab posts to the Worker: the class compile() emits and the settings, as plain data. */
import type { LoweredModel } from "@nnc/compiler";
import { SYNTHETIC_DEFAULTS } from "@nnc/runtime/core";
import type { ProgramRef } from "./analysis-protocol.ts";
import type { Analysis } from "./analyze.ts";
import type { Trainable } from "./binding.ts";
import type { Generated } from "./generate.ts";
import { NAMES, namesArgsProblem, type DataSourceCall } from "./page-data.ts";
import type { PagePlan } from "./page-trainer.ts";
import { dataSpec, DIGITS, type TrainSettings } from "./settings.ts";

/** The data seed: the section's data call's `seed` argument, else the synthetic sets' default (as in `nnc train`). */
function dataSeed(model: LoweredModel): number {
  const v = model.train?.data?.args["seed"];
  return typeof v === "number" ? v : SYNTHETIC_DEFAULTS.seed;
}

/** The model class for a program and settings, compiled wherever the caller compiles (the page: the analysis Worker). */
export type ClassCompiler = (p: ProgramRef, s: TrainSettings, target: "js") => Promise<Generated>;

/** The plan for `model` (lowered from `p`) with the class compiled by `compileClass` (the page passes the analysis Worker's, so Start never compiles on the page). */
export async function pagePlanVia(p: ProgramRef, model: LoweredModel, s: TrainSettings, t: Trainable, compileClass: ClassCompiler): Promise<PagePlan | { readonly message: string }> {
  return planWith(model, s, t, await compileClass(p, s, "js"));
}

/**
 * The plan for `model` with its class `gen` already compiled (program-trainer.ts compiles it in Node).
 * The page never compiles here: this module is in the page's bundle, the compiler is not.
 */
export function planWith(model: LoweredModel, s: TrainSettings, t: Trainable, gen: Generated): PagePlan | { readonly message: string } {
  if (!gen.ok) return { message: gen.message };
  let data: DataSourceCall;
  if (t.kind === "chars") {
    // The page serves one names() split (built with the runtime's loadNames): the call must ask for it.
    const args = model.train?.data?.args ?? {};
    const problem = namesArgsProblem(args);
    if (problem !== null) return { message: problem };
    data = { source: NAMES, args };
  } else data = s.data === DIGITS ? { source: DIGITS, args: { val: s.testFraction, seed: dataSeed(model) } } : dataSpec(s, model);
  return { code: gen.value.code, className: gen.value.className, data, settings: s, metrics: model.train?.metrics ?? null, bind: t.bind, graph: model.graph };
}

/** Source positions: they move when a comment or a blank line is typed, and say nothing of what the program computes. */
const POSITION_KEYS = /^(span|spans|.*Span|.*Spans)$/;

/** `v` as JSON without source positions, object keys in a fixed order (equal values built in another order give the same text). */
function positionFree(v: unknown): string {
  return JSON.stringify(v, (k, x: unknown) => {
    if (POSITION_KEYS.test(k)) return undefined;
    if (x !== null && typeof x === "object" && !Array.isArray(x)) return Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)));
    return x;
  });
}

/** What a lowered model means to training: the model without source positions (computed in the analysis Worker). */
export function modelMeaning(model: LoweredModel | undefined): string {
  return positionFree(model ?? null);
}

/**
 * What the program means to training, from its modelMeaning and the settings. Equal keys train the
 * same model the same way, so a comment or whitespace typed during training keeps the run; any other
 * change starts from fresh parameters.
 */
export function meaningOf(meaning: string, s: TrainSettings): string {
  return `${meaning}\n${positionFree(s)}`;
}

/** meaningOf an Analysis (Node tests; the page has only the Worker's modelMeaning). */
export function meaningKey(a: Pick<Analysis, "model">, s: TrainSettings): string {
  return meaningOf(modelMeaning(a.model), s);
}
