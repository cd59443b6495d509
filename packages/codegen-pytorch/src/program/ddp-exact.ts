/**
 * When does the data-parallel loop's gradient equal one process's on the same global batch? The loop
 * scales each shard's loss by rows_k·W/rows and averages the gradients over the W processes, which is
 * exact when (a) the loss is a sum of terms, each a mean over the batch's rows (`reduce_mean` whose
 * axes include the batch axis 0) or independent of the batch (c·Σparam², which every process computes
 * whole, and Σ_k rows_k/rows = 1 keeps it once), scaled by batch-independent factors; and (b) rows do
 * not interact before those means: no other node reduces over the batch axis (batch norm's
 * `mean(x, axis = 0)` normalises each shard with the shard's own statistics).
 */
import { dimEquals, type Dim, type Graph, type Node } from "@nnc/ir";

/** Why torchrun's curve differs from one process's, or null when it is equal. */
export function ddpDifference(graph: Graph, loss: string): string | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const first = graph.nodes.find((n) => n.op === "input" && n.attrs["role"] !== "train");
  const d0 = first?.type.shape[0];
  const batch: Dim | null = d0 !== undefined && typeof d0 !== "number" ? d0 : null;
  const dependsMemo = new Map<string, boolean>();
  // Whether a value depends on a batch-carrying input (any input whose first dim is the batch dim).
  const depends = (id: string): boolean => {
    const known = dependsMemo.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id);
    const d = n === undefined ? false : n.op === "input" ? isBatchLed(n) : n.inputs.some(depends);
    dependsMemo.set(id, d);
    return d;
  };
  const isBatchLed = (n: Node): boolean => batch !== null && n.type.shape[0] !== undefined && dimEquals(n.type.shape[0], batch);
  const reducesBatch = (n: Node): boolean => {
    const axes = n.attrs["axes"];
    const x = byId.get(n.inputs[0] ?? "");
    return n.op.startsWith("reduce_") && Array.isArray(axes) && axes.includes(0) && x !== undefined && isBatchLed(x);
  };

  // (a) Walk the loss's linear combination down to its terms; the batch means among them are allowed.
  const means = new Set<string>();
  const found = { notMean: false };
  const walk = (id: string): void => {
    const n = byId.get(id);
    if (n === undefined || !depends(id)) return;
    if (n.op === "reduce_mean" && reducesBatch(n)) means.add(id);
    else if (n.op === "add" || n.op === "sub") n.inputs.forEach(walk);
    else if (n.op === "neg") walk(n.inputs[0]!);
    else if (n.op === "mul" && n.inputs.filter(depends).length === 1) n.inputs.forEach(walk);
    else if (n.op === "div" && !depends(n.inputs[1]!)) walk(n.inputs[0]!);
    else found.notMean = true;
  };
  walk(loss);
  if (batch === null || found.notMean || means.size === 0) return "the loss is not a mean over the batch's rows, so each process normalises its own shard";

  // (b) Any other reduction over the batch axis couples the rows of a shard.
  const coupling = graph.nodes.find((n) => !means.has(n.id) && reducesBatch(n));
  if (coupling !== undefined) return `rows of a batch interact in the forward (\`${coupling.op}\` over the batch axis, as in batch norm), so each process uses its own shard's statistics`;
  return null;
}
