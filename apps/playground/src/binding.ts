/** Which models the page can train, and how the page's data binds to them. */
import { dimToString, type LoweredModel, type Node } from "@nnc/compiler";
import { NAMES } from "./page-data.ts";
import type { Binding } from "./page-trainer.ts";

/** What the page trains on: 2-D points, 28×28 digits, or names (a character model). */
export type TrainKind = "points" | "digits" | "chars";

export interface Trainable {
  readonly kind: TrainKind;
  readonly bind: Binding;
  /** Features per example: 2 (a point of the plane), 784 (a 28×28 digit), or T (characters per row). */
  readonly width: number;
  /** Classes the output scores (for chars: the vocabulary size V). */
  readonly classes: number;
}

const rowSize = (n: Node): number | undefined => {
  const rest = n.type.shape.slice(1);
  return rest.every((d) => typeof d === "number") ? rest.reduce((a, b) => a * b, 1) : undefined;
};

const shape = (n: Node): string => `[${n.type.shape.map(dimToString).join(", ")}]`;

/**
 * The page trains classifiers: one float input `x: [B, 2]` (points) or `x: [B, 784]` (digits), one
 * integer train input `label: [B]` used by the loss, and a first output `[B, C]` of class scores.
 */
export function trainable(model: LoweredModel): Trainable | { reason: string } {
  if (model.train === undefined) return { reason: `\`${model.name}\` has no train section, so there is nothing to train. Pick a classifier from the examples, or add a train section.` };
  if (model.train.data?.source === NAMES) return charTrainable(model);
  const g = model.graph;
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const inputs = g.nodes.filter((n) => n.op === "input" && n.attrs["role"] === "model");
  const labels = g.nodes.filter((n) => n.op === "input" && n.attrs["role"] === "train");
  const out = g.outputs[0] === undefined ? undefined : byId.get(g.outputs[0].id);
  const x = inputs[0];
  const y = labels[0];
  const need = "the page trains classifiers with one input x: f32[B, 2] (2-D points) or f32[B, 784] (digits), one train input label: i32[B] and class scores f32[B, C] as the first output";
  if (inputs.length !== 1 || x === undefined || x.type.shape.length < 2) return { reason: `${need}; this model's inputs are ${inputs.map((n) => `${n.id}${shape(n)}`).join(", ")}` };
  const width = rowSize(x);
  if (width !== 2 && width !== 784) return { reason: `${need}; \`${x.id}\` has ${width ?? "a symbolic number of"} features per example` };
  if (labels.length !== 1 || y === undefined || y.type.dtype !== "i32" || y.type.shape.length !== 1) return { reason: `${need}; the train inputs are ${labels.map((n) => `${n.id}: ${n.type.dtype}${shape(n)}`).join(", ") || "none"}` };
  if (out === undefined || out.type.shape.length !== 2 || typeof out.type.shape[1] !== "number") return { reason: `${need}; the first output is not [B, C]` };
  // The data's fields are `x` and `label`, bound to inputs by name as `nnc train` binds them.
  const misnamed = [x.id === "x" ? null : `\`${x.id}\` → \`x\``, y.id === "label" ? null : `\`${y.id}\` → \`label\``].filter((m) => m !== null);
  if (misnamed.length > 0) return { reason: `${need}; the data's fields x and label are bound to inputs by name (as \`nnc train\` binds them): rename ${misnamed.join(" and ")}` };
  return { kind: width === 2 ? "points" : "digits", bind: { input: x.id, label: y.id, output: g.outputs[0]!.name }, width, classes: out.type.shape[1] };
}

/**
 * A character model on `names()`: one input `x: i32[B, T]`, train inputs `y: i32[B, T]` and
 * `mask: f32[B, T]` (the fields names() provides, bound by name), and logits `f32[B, T, V]` as the first
 * output — the contract `nnc sample` checks (runtime sample-contract.ts).
 */
function charTrainable(model: LoweredModel): Trainable | { reason: string } {
  const g = model.graph;
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const inputs = g.nodes.filter((n) => n.op === "input" && n.attrs["role"] === "model");
  const train = new Map(g.nodes.filter((n) => n.op === "input" && n.attrs["role"] === "train").map((n) => [n.id, n]));
  const out = g.outputs[0] === undefined ? undefined : byId.get(g.outputs[0].id);
  const x = inputs[0];
  const T = x?.type.shape[1];
  const need = "the page trains character models on names() with one input x: i32[B, T], train inputs y: i32[B, T] and mask: f32[B, T], and logits f32[B, T, V] as the first output";
  if (inputs.length !== 1 || x === undefined || x.id !== "x" || x.type.dtype !== "i32" || x.type.shape.length !== 2 || typeof T !== "number") return { reason: `${need}; this model's inputs are ${inputs.map((n) => `${n.id}: ${n.type.dtype}${shape(n)}`).join(", ")}` };
  const y = train.get("y");
  const mask = train.get("mask");
  if (y === undefined || mask === undefined || y.type.shape[1] !== T || mask.type.shape[1] !== T) return { reason: `${need}; the train inputs are ${[...train.values()].map((n) => `${n.id}: ${n.type.dtype}${shape(n)}`).join(", ") || "none"}` };
  const V = out?.type.shape[2];
  if (out === undefined || out.type.shape.length !== 3 || out.type.shape[1] !== T || typeof V !== "number") return { reason: `${need}; the first output is not [B, ${T}, V]` };
  return { kind: "chars", bind: { input: x.id, label: y.id, output: g.outputs[0]!.name }, width: T, classes: V };
}
