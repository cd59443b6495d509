/** Code generation for the page: the readable TypeScript for the Code tab, the JS the Worker runs. */
import { generateModel, type GeneratedModel } from "@nnc/codegen-ts";
import type { OptimizerSpec } from "@nnc/lower";
import type { Analysis } from "./analyze.ts";
import type { TrainSettings } from "./settings.ts";

export type Generated = { readonly ok: true; readonly value: GeneratedModel } | { readonly ok: false; readonly message: string };

/** The train section's optimizer with the page's kind, learning rate and momentum. */
export function optimizerFor(a: Analysis, s: TrainSettings): OptimizerSpec | null {
  const base = a.model?.train?.optimizer;
  if (base === undefined) return null;
  return { ...base, kind: s.optimizer, lr: s.lr, momentum: s.optimizer === "sgd" ? s.momentum : base.momentum };
}

export function generate(a: Analysis, s: TrainSettings, target: "ts" | "js"): Generated {
  if (a.model === undefined || a.grad === undefined) return { ok: false, message: a.failure ?? "the program has errors" };
  try {
    const value = generateModel({
      model: a.model,
      grad: a.grad,
      optimizer: optimizerFor(a, s),
      dtype: "f32",
      target,
      source: { file: a.check.source.name },
    });
    return { ok: true, value };
  } catch (e) {
    return { ok: false, message: `code generation failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
