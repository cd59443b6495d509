/**
 * The model class for the Code tab (TypeScript) and the Worker (JavaScript): compile() of the one
 * driver with the page's optimizer and clipping — the class `nnc compile` emits for the same choice.
 */
import { compile, OPTIMIZERS, type OptimizerChoice } from "@nnc/compiler";
import { hasErrors } from "@nnc/diagnostics";
import type { Analysis } from "./analyze.ts";
import type { TrainSettings } from "./settings.ts";

export interface GeneratedCode {
  readonly code: string;
  readonly className: string;
}

export type Generated = { readonly ok: true; readonly value: GeneratedCode } | { readonly ok: false; readonly message: string };

/** The page's optimizer as the driver takes it (`decay_all` only where the optimizer has weight decay). */
export function optimizerChoice(s: TrainSettings): OptimizerChoice {
  return { ...s.optimizer, decayAll: OPTIMIZERS[s.optimizer.kind].decays && s.decayAll };
}

export function generate(a: Analysis, s: TrainSettings, target: "ts" | "js"): Generated {
  const model = a.model;
  if (model === undefined || a.grad === undefined) return { ok: false, message: a.failure ?? "the program has errors" };
  const train = model.train === undefined ? {} : { optimizer: optimizerChoice(s), clip: s.clip };
  try {
    const c = compile(a.text, { fileName: a.fileName, model: model.name, generate: "class", target, dtype: "f32", ...train });
    if (c.generated !== undefined && !hasErrors(c.diagnostics)) return { ok: true, value: { code: c.generated.code, className: c.generated.className } };
    const first = c.diagnostics.find((d) => d.severity === "error");
    return { ok: false, message: first === undefined ? "no code was generated" : `${first.code}: ${first.message}` };
  } catch (e) {
    return { ok: false, message: `code generation failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}
