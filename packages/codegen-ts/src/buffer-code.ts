/**
 * Buffers in the generated class: non-trainable state (`buffer` nodes) with arrays of their own,
 * initialized by initParams like params, exposed as `buffers` and `meta.buffers`, and given their
 * `next` values (Graph.updates) at the end of a training step. A graph without buffer nodes yields
 * nothing here, so its class is exactly what it was before buffers existed.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimProduct, type Graph, type GraphUpdate } from "@nnc/ir";
import { dimCode } from "./dims.ts";
import type { StoragePlan } from "./storage.ts";

/**
 * The updates trainStep applies, checked against the graph: each names a buffer node and a value of
 * the same type. Empty when the class has no training step (`stepped` false): a `next` runs only there.
 */
export function bufferUpdates(g: Graph, stepped: boolean): readonly GraphUpdate[] {
  if (!stepped) return [];
  const updates = g.updates ?? [];
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  for (const u of updates) {
    const b = byId.get(u.buffer);
    const v = byId.get(u.value);
    if (b?.op !== "buffer") throw new InternalCompilerError(`codegen: update of \`${u.buffer}\`, which is not a buffer node`);
    if (v === undefined) throw new InternalCompilerError(`codegen: update of \`${u.buffer}\` reads \`${u.value}\`, which is not in the graph`, b.span);
    if (seen.has(u.buffer)) throw new InternalCompilerError(`codegen: buffer \`${u.buffer}\` is updated twice`, b.span);
    seen.add(u.buffer);
  }
  return updates;
}

/**
 * trainStep's statements once the step's update is known to apply (finite loss and gradients), just
 * before the optimizer's writes (it never reads buffers): every buffer takes its `next` value. All values
 * are read before any buffer is written: a value held in another updated buffer's array (`next a = b`
 * while `next b = …`) is copied out first, so the updates act at once, as the `.nn` text says.
 */
export function updateLines(updates: readonly GraphUpdate[], g: Graph, storage: StoragePlan): string[] {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const arrayOf = (id: string): number => {
    const s = storage.storageOf.get(id);
    if (s === undefined) throw new InternalCompilerError(`codegen: buffer update value \`${id}\` has no array`, byId.get(id)?.span);
    return s;
  };
  const written = new Set(updates.map((u) => arrayOf(u.buffer)));
  const snapshots: string[] = [];
  const copies: string[] = [];
  updates.forEach((u, k) => {
    const size = dimCode(dimProduct(byId.get(u.buffer)!.type.shape), "maxBatch");
    const from = arrayOf(u.value);
    const to = arrayOf(u.buffer);
    if (from === to) return;
    let src = `this.buf${from}.subarray(0, ${size})`;
    if (written.has(from)) {
      snapshots.push(`const _next${k} = this.buf${from}.slice(0, ${size});`);
      src = `_next${k}`;
    }
    copies.push(`this.buf${to}.set(${src});`);
  });
  return [...snapshots, ...copies];
}
