/**
 * The driver's stages after checking: pick a model, take its forward graph, differentiate it, and run
 * the optimisation passes — each a pure function of the one before, each printable.
 */
import { diagnostic, type Diagnostic, type Span } from "@nnc/diagnostics";
import { differentiate, nameCotangents, type GradResult } from "@nnc/autodiff";
import { dimSymbols, graphInputs, isFloat, nodeMap, type Graph } from "@nnc/ir";
import type { LoweredModel } from "@nnc/lower";
import { DEFAULT_PIPELINE, PASSES, runPipeline } from "@nnc/passes";
import { restoreForwardIds } from "./restore-ids.ts";

export type Picked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** The model named `name`, or the only/first model with a train section when no name is given. */
export function selectModel(models: readonly LoweredModel[], name?: string): Picked<LoweredModel> {
  const names = models.map((m) => m.name).join(", ");
  if (name !== undefined) {
    const m = models.find((x) => x.name === name);
    return m === undefined ? { ok: false, message: `no model named \`${name}\` (the file defines: ${names || "none"})` } : { ok: true, value: m };
  }
  const first = models.find((m) => m.train !== undefined) ?? models[0];
  if (first === undefined) return { ok: false, message: "the file defines no model" };
  return { ok: true, value: first };
}

export interface OptimizeOptions {
  /** Pass names to run (default: DEFAULT_PIPELINE); an empty list runs none. */
  readonly passes?: readonly string[];
  readonly printAfter?: string;
  readonly onPrint?: (pass: string, text: string) => void;
  /** Verify the graph after every pass (default), or once after the last ("end"; runPipeline's `verify`). */
  readonly verify?: "each" | "end";
}

export const DEFAULT_PASSES: readonly string[] = DEFAULT_PIPELINE;

export function passNames(): readonly string[] {
  return PASSES.map((p) => p.name);
}

export function optimize(g: Graph, opts: OptimizeOptions = {}): Graph {
  return runPipeline(g, opts.passes ?? DEFAULT_PIPELINE, {
    ...(opts.printAfter === undefined ? {} : { printAfter: opts.printAfter }),
    ...(opts.onPrint === undefined ? {} : { onPrint: opts.onPrint }),
    verify: opts.verify === "end" ? "end" : true,
  });
}

export interface GradOptions {
  /** An output name of the model, or `loss` (the default when the model has a train section). */
  readonly of?: string;
  /** Node ids (params or inputs) to differentiate with respect to; default every param. */
  readonly wrt?: readonly string[];
}

/** The graph a `--of NAME` refers to: the train loss, or a model output by name. */
export function resolveOf(model: LoweredModel, of: string | undefined): Picked<string> {
  const outputs = model.graph.outputs.map((o) => o.name);
  if (of === undefined || of === "loss") {
    if (model.train !== undefined) return { ok: true, value: model.train.loss };
    if (of === "loss") return { ok: false, message: `model \`${model.name}\` has no train section, so no loss` };
    return { ok: false, message: `model \`${model.name}\` has no train section: name an output with --of (${outputs.join(", ")})` };
  }
  const out = model.graph.outputs.find((o) => o.name === of);
  if (out !== undefined) return { ok: true, value: out.id };
  if (nodeMap(model.graph).has(of)) return { ok: true, value: of };
  return { ok: false, message: `\`${of}\` is not an output of \`${model.name}\` (outputs: ${outputs.join(", ")}${model.train === undefined ? "" : ", loss"})` };
}

/** Checks `--wrt` names against the model's float params and inputs. */
export function resolveWrt(model: LoweredModel, wrt: readonly string[] | undefined): Picked<readonly string[] | undefined> {
  if (wrt === undefined) return { ok: true, value: undefined };
  const byId = nodeMap(model.graph);
  for (const w of wrt) {
    const n = byId.get(w);
    if (n?.op === "buffer") return { ok: false, message: `cannot differentiate with respect to \`${w}\`: it is a buffer, non-trainable state that is never differentiated` };
    if (n === undefined || (n.op !== "param" && n.op !== "input") || !isFloat(n.type.dtype)) {
      const candidates = model.graph.nodes.filter((x) => (x.op === "param" || x.op === "input") && isFloat(x.type.dtype)).map((x) => x.id);
      return { ok: false, message: `cannot differentiate with respect to \`${w}\`: not a float parameter or input (candidates: ${candidates.join(", ")})` };
    }
  }
  return { ok: true, value: wrt };
}

/**
 * The model's graph with the train section's loss as an extra output named `loss` (so passes keep
 * it and printers show it); the plain graph when there is no train section.
 */
export function withLoss(model: LoweredModel): Graph {
  const g = model.graph;
  const loss = model.train?.loss;
  if (loss === undefined || g.outputs.some((o) => o.id === loss)) return g;
  const name = g.outputs.some((o) => o.name === "loss") ? "train_loss" : "loss";
  return { ...g, outputs: [...g.outputs, { name, id: loss }] };
}

/** The differentiated graph, its anonymous cotangents named after what they differentiate (`dh_pre`). */
export function gradient(model: LoweredModel, of: string, wrt?: readonly string[]): GradResult {
  return nameCotangents(differentiate({ graph: withLoss(model), of, ...(wrt === undefined ? {} : { wrt }) }));
}

/**
 * The gradient after the passes: forward values keep their forward ids (restoreForwardIds), and the
 * gradient and cotangent maps point into the optimized graph (a cotangent a pass merged away is dropped).
 */
export function optimizeGradient(r: GradResult, opts: OptimizeOptions = {}): GradResult {
  const restored = restoreForwardIds(r.graph, optimize(r.graph, opts));
  const renamed = restored.renamed;
  const ren = (id: string): string => renamed.get(id) ?? id;
  // Buffer updates name values like outputs do: they follow the restored ids.
  const updates = restored.graph.updates?.map((u) => ({ buffer: ren(u.buffer), value: ren(u.value) }));
  const graph: Graph = updates === undefined ? restored.graph : { ...restored.graph, updates };
  const present = new Set(graph.nodes.map((n) => n.id));
  const grads = Object.create(null) as Record<string, string>;
  // Passes keep the ids of graph outputs (the gradients are outputs); only restored ids change.
  for (const [w, id] of Object.entries(r.grads)) grads[w] = ren(id);
  const cotangents = Object.create(null) as Record<string, string>;
  for (const [v, c] of Object.entries(r.cotangents)) if (present.has(ren(c))) cotangents[v] = ren(c);
  return { ...r, graph, grads, cotangents, ...(r.cotangent === undefined ? {} : { cotangent: ren(r.cotangent) }) };
}

/** A usage problem (unknown model/output/value) as a diagnostic at the model (or file) start. */
export function usageDiagnostic(message: string, span: Span): Diagnostic {
  return diagnostic("E0665", message, span);
}

/**
 * The batch: the symbolic dim leading the model inputs' shapes (the first input led by a plain
 * symbol wins), else the first declared dim the graph uses. Generated code keeps only this one
 * symbolic, as a run-time row count.
 */
export function batchDim(g: Graph): string | undefined {
  for (const n of graphInputs(g)) {
    const first = n.type.shape[0];
    if (first === undefined || typeof first === "number") continue;
    const t = first.terms[0];
    if (first.terms.length === 1 && t !== undefined && t.coef === 1 && t.syms.length === 1) return t.syms[0];
  }
  return g.dims[0];
}

/** Every symbolic dim the graph's types use, the batch first. */
export function symbolicDims(g: Graph): string[] {
  const used = new Set<string>();
  for (const n of g.nodes) for (const d of n.type.shape) for (const s of dimSymbols(d)) used.add(s);
  const batch = batchDim(g);
  return [...new Set([...(batch !== undefined && used.has(batch) ? [batch] : []), ...used])];
}
