/**
 * Whether the chosen metrics mean something for the model (E0423), decided as the runtime decides
 * accuracy (packages/runtime/src/metrics.ts): with one output and one train input,
 *   classes  the output is [B, C] and the train input an i32 [B] label
 *   binary   the output is [B] or [B, 1] and the train input a float of the same shape (0/1 targets)
 *   targets  the train input is a float of the output's shape (regression)
 * Binary setups support accuracy and the regression metrics alike; anything else supports none.
 */
import { isConcrete, isFloat, typesEqual, typeToString, type GraphOutput, type TensorType } from "@nnc/ir";
import { METRICS, type MetricNeeds } from "@nnc/ops";
import type { LowerCtx } from "./context.ts";
import type { CheckedMetric } from "./train-settings.ts";

interface Setup {
  /** What the model supports, and a sentence saying why for messages. */
  readonly supports: ReadonlySet<MetricNeeds>;
  readonly classes?: number;
  readonly text: string;
}

const perExample = (t: TensorType): string => t.shape.slice(1).filter((d) => d !== 1).map(String).join(",");

function setupOf(ctx: LowerCtx, outputs: readonly GraphOutput[], trainInputs: readonly string[]): Setup {
  if (outputs.length !== 1 || trainInputs.length !== 1) {
    return { supports: new Set(), text: `the model has ${outputs.length} output${outputs.length === 1 ? "" : "s"} and ${trainInputs.length} train input${trainInputs.length === 1 ? "" : "s"}; metrics need exactly one of each` };
  }
  const o = outputs[0]!;
  const out = ctx.b.type(o.id);
  const label = ctx.b.type(trainInputs[0]!);
  const names = `the output \`${o.name}: ${typeToString(out)}\` and the train input \`${ctx.b.get(trainInputs[0]!).id}: ${typeToString(label)}\``;
  const batched = (t: TensorType): boolean => t.shape.length > 0 && !isConcrete(t.shape[0]!);
  const c = out.shape[1];
  if (label.dtype === "i32" && out.shape.length === 2 && label.shape.length === 1 && batched(out) && typeof c === "number") {
    return { supports: new Set(["classes", "labels"]), classes: c, text: `${names} are class scores and labels` };
  }
  if (isFloat(label.dtype) && batched(out) && batched(label) && perExample(out) === "" && perExample(label) === "") {
    return { supports: new Set(["labels", "targets"]), text: `${names} are a binary output and its targets` };
  }
  if (isFloat(label.dtype) && typesEqual(out, label)) return { supports: new Set(["targets"]), text: `${names} are an output and its regression target` };
  return { supports: new Set(), text: `${names} are neither class scores with labels nor an output with a target of its shape` };
}

const ADVICE: Readonly<Record<MetricNeeds, string>> = {
  classes: "class scores `[B, C]` and an `i32` label input `[B]`",
  labels: "class scores `[B, C]` with an `i32` label input, or a binary output `[B]`/`[B, 1]` with a float 0/1 target",
  targets: "an output and a float target input of the same shape",
};

/** Reports each metric the model's outputs and train inputs cannot support. */
export function checkMetricFit(ctx: LowerCtx, outputs: readonly GraphOutput[], trainInputs: readonly string[], metrics: readonly CheckedMetric[]): void {
  if (metrics.length === 0) return;
  const setup = setupOf(ctx, outputs, trainInputs);
  for (const m of metrics) {
    const needs = METRICS[m.setting.kind].needs;
    const text = ctx.text(m.span);
    if (!setup.supports.has(needs)) {
      const other = setup.supports.has("targets") ? "use `[mae, rmse]` for a regression" : setup.supports.has("classes") ? `use \`[accuracy, top_k(${Math.min(5, setup.classes ?? 5)})]\` for a classifier` : "remove it";
      ctx.report("E0423", `the metric \`${text}\` needs ${ADVICE[needs]}, but ${setup.text}`, m.span, { label: "does not fit the model", help: other });
      continue;
    }
    const k = m.setting.args["k"];
    if (m.setting.kind === "top_k" && typeof k === "number" && setup.classes !== undefined && k > setup.classes) {
      ctx.report("E0423", `\`${text}\` needs at least ${k} classes, but ${setup.text} with ${setup.classes} class${setup.classes === 1 ? "" : "es"}`, m.span, { label: `k > ${setup.classes}`, help: `use k ≤ ${setup.classes}` });
    }
  }
}
