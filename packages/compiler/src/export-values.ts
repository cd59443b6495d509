/**
 * The values an exported model starts from: the seeded initialization `nnc train` starts from, or a
 * checkpoint's tensors. Both are keyed by node id (a checkpoint's tensor names are the ids its
 * generated class gave them, which are the graph's ids), so the exporters look values up by id.
 */
import { diagnostic, type Diagnostic, type Span } from "@nnc/diagnostics";
import type { Graph, Node } from "@nnc/ir";
import { initBuffers, initParams } from "@nnc/interp";
import type { ExportTensor } from "@nnc/export-onnx";

/** A checkpoint's content as the CLI read it (`loadCheckpoint` of @nnc/runtime). */
export interface ExportCheckpoint {
  /** The file, as the user named it. */
  readonly path: string;
  /** The model it was saved from. */
  readonly model: string;
  readonly tensors: readonly { readonly name: string; readonly group: string; readonly shape: readonly number[]; readonly data: ArrayLike<number> }[];
}

/** The params and buffers of a graph (what an export stores as initializers; the checker makes their shapes numbers, E0310). */
export function stateNodes(graph: Graph): Node[] {
  return graph.nodes.filter((n) => n.op === "param" || n.op === "buffer");
}

/**
 * Every param's and buffer's initial value: interp's initParams/initBuffers, which draw the same
 * streams mulberry32(fnv1a32(`${seed}:${id}`)) as the generated class's `initParams(seed)` that
 * `nnc train` calls, so an untrained export equals the first state of `nnc train` with that seed.
 */
export function initialValues(graph: Graph, seed: number): Map<string, ExportTensor> {
  const all = { ...initParams(graph, seed), ...initBuffers(graph, seed) };
  return new Map(Object.entries(all).map(([id, t]) => [id, { shape: t.shape, data: t.data }]));
}

/** The problems E0641 lists before "and N more" (as `nnc predict` does). */
const MAX_FIT_PROBLEMS = 5;

/**
 * The checkpoint's params and buffers by id, or E0641 when it does not fit the model: saved from
 * another model, or a param/buffer missing, extra, or of another shape (the checks and wording of
 * `nnc predict`'s restoreCheckpoint). Optimizer state is not exported (a train step starts from zeros).
 */
export function checkpointValues(graph: Graph, modelName: string, c: ExportCheckpoint, at: Span): { values: Map<string, ExportTensor> } | { diagnostic: Diagnostic } {
  const problems: string[] = [];
  if (c.model !== modelName) problems.push(`it was saved from model \`${c.model}\`, not \`${modelName}\``);
  const saved = new Map(c.tensors.filter((t) => t.group === "param" || t.group === "buffer").map((t) => [`${t.group}:${t.name}`, t]));
  const values = new Map<string, ExportTensor>();
  const wanted = new Set<string>();
  for (const n of stateNodes(graph)) {
    const kind = n.op === "param" ? "parameter" : "buffer";
    wanted.add(`${n.op}:${n.id}`);
    const t = saved.get(`${n.op}:${n.id}`);
    const shape = n.type.shape.map(Number);
    if (t === undefined) problems.push(`${kind} \`${n.id}\` is missing`);
    else if (t.shape.join(",") !== shape.join(",")) problems.push(`${kind} \`${n.id}\` has shape [${t.shape.join(", ")}] in the checkpoint, but [${shape.join(", ")}] in the model`);
    else values.set(n.id, { shape: t.shape, data: t.data });
  }
  for (const [key, t] of saved) if (!wanted.has(key)) problems.push(`the checkpoint has ${t.group === "param" ? "parameter" : "buffer"} \`${t.name}\`, which the model lacks`);
  if (problems.length === 0) return { values };
  const shown = problems.length <= MAX_FIT_PROBLEMS ? problems : [...problems.slice(0, MAX_FIT_PROBLEMS), `and ${problems.length - MAX_FIT_PROBLEMS} more`];
  return {
    diagnostic: diagnostic("E0641", `the checkpoint \`${c.path}\` does not fit model \`${modelName}\`: ${shown.join("; ")}`, at, {
      help: "export with a checkpoint saved (`nnc train --save`) from this model with the same shapes",
    }),
  };
}
