/** Which models the page can train, and how the page's data binds to them. */
import { dimToString, type LoweredModel, type Node } from "@nnc/compiler";
import type { Binding } from "./page-trainer.ts";

export interface Trainable {
  readonly bind: Binding;
  /** Features per example: 2 (a point of the plane) or 784 (a 28×28 digit). */
  readonly width: number;
  /** Classes the output scores. */
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
  return { bind: { input: x.id, label: y.id, output: g.outputs[0]!.name }, width, classes: out.type.shape[1] };
}
