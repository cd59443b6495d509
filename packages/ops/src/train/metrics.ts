/**
 * Metrics reported per epoch: signature, checks, docs. Their computation is the runtime's (keyed by the
 * same kinds). `needs` is what the model must have for the metric to mean something, checked by `nnc check`:
 *   classes  one [B, C] output and one i32 label input [B] (class scores; top-k needs k ≤ C)
 *   labels   classes, or one [B] / [B, 1] output with a float 0/1 target of the same shape (binary)
 *   targets  one output and one float target input of the same shape (regression)
 */
import type { MetricKind } from "@nnc/runtime/core";
import type { SettingDef } from "./arg-def.ts";

export type MetricNeeds = "classes" | "labels" | "targets";

export interface MetricDef extends SettingDef<MetricKind> {
  readonly needs: MetricNeeds;
  /** What is reported, as text for the docs. */
  readonly formula: string;
}

export const METRICS: Readonly<Record<MetricKind, MetricDef>> = {
  accuracy: {
    kind: "accuracy",
    label: "accuracy",
    doc: "The fraction of examples classified correctly: argmax of the scores equals the label (ties to the lowest class), or for a binary output, logit > 0 ⇔ target > 0.5.",
    formula: "mean(argmax(y) = label)",
    example: "accuracy",
    args: [],
    positional: [],
    needs: "labels",
  },
  top_k: {
    kind: "top_k",
    label: "top-k accuracy",
    doc: "The fraction of examples whose label is among the k highest scores.",
    formula: "mean(label ∈ top_k(y))",
    example: "top_k(5)",
    args: [{ name: "k", kind: "int", doc: "how many of the highest scores count", default: 5, range: [(v) => v >= 1, "at least 1"], ui: { label: "k", min: 1, max: 10, step: 1 } }],
    positional: ["k"],
    needs: "classes",
  },
  mae: {
    kind: "mae",
    label: "mean absolute error",
    doc: "The mean absolute difference between the output and the target, over every element.",
    formula: "mean(|y − target|)",
    example: "mae",
    args: [],
    positional: [],
    needs: "targets",
  },
  rmse: {
    kind: "rmse",
    label: "root mean squared error",
    doc: "The square root of the mean squared difference between the output and the target, over every element.",
    formula: "√mean((y − target)²)",
    example: "rmse",
    args: [],
    positional: [],
    needs: "targets",
  },
};
