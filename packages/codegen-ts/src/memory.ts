/**
 * The memory a generated class allocates, from its storage plan: one entry per planned array (params,
 * inputs, constants, pinned outputs and gradients, reused activation buffers and kernel scratch) and
 * per optimizer state array. Sizes are polynomials in the batch size, as the constructor evaluates
 * them with `maxBatch`; the WebAssembly placement of the SIMD path adds at most 16 bytes per array
 * and one 64 KiB page, which this leaves out.
 */
import type { MemoryRole, MemoryTensor } from "@nnc/runtime";
import type { Dim, DType, Graph } from "@nnc/ir";
import { sizeDim } from "./dims.ts";
import { updateCode } from "./optimizer.ts";
import type { UpdateSettings } from "@nnc/ops";
import type { StoragePlan } from "./storage.ts";

const BYTES: Readonly<Record<DType, number>> = { f32: 4, f64: 8, i32: 4, bool: 1 };

/** A compact plan keeps this many entries by name for each ordering (per batch row, fixed); the rest are summed. */
const KEEP = 16;

/** `d` as coefficients by power of the batch symbol (the only symbol generated code allows). */
function polynomial(d: Dim): number[] {
  if (typeof d === "number") return [d];
  const out: number[] = [];
  for (const t of d.terms) {
    const k = t.syms.length;
    while (out.length <= k) out.push(0);
    out[k] = out[k]! + t.coef;
  }
  return out;
}

export interface MemoryInput {
  readonly g: Graph;
  readonly storage: StoragePlan;
  /** Gradient value ids by parameter id (empty without a backward pass). */
  readonly grads: readonly (readonly [string, string])[];
  /** The optimizer whose state the class allocates (null: none). */
  readonly optimizer: UpdateSettings | null;
  readonly dtype: "f32" | "f64";
}

export function memoryPlan(m: MemoryInput): MemoryTensor[] {
  const byId = new Map(m.g.nodes.map((n) => [n.id, n]));
  const gradIds = new Set(m.grads.map(([, gid]) => gid));
  const role = (values: readonly string[], pinned: boolean): MemoryRole => {
    if (!pinned) return "activation";
    const op = byId.get(values[0] ?? "")?.op;
    if (op === "param") return "param";
    if (op === "buffer") return "buffer";
    if (op === "input") return "input";
    if (op === "const") return "constant";
    return values.some((v) => gradIds.has(v)) ? "gradient" : "output";
  };
  /** A binding's name where the array holds one (`h1 and 2 more`), else a temporary with its `.nn` line. */
  const name = (values: readonly string[]): string => {
    const first = values.find((v) => !v.startsWith("%")) ?? values[0];
    if (first === undefined) return "scratch";
    const line = byId.get(first)?.span?.line;
    const shown = first.startsWith("%") && line !== undefined ? `${first} (line ${line})` : first;
    return values.length === 1 ? shown : `${shown} and ${values.length - 1} more`;
  };
  const out: MemoryTensor[] = m.storage.storages.map((s) => ({
    name: name(s.values),
    role: role(s.values, s.pinned),
    bytesPerElement: BYTES[s.dtype],
    elements: polynomial(s.size),
  }));
  if (m.optimizer !== null && m.grads.length > 0) {
    const params = m.grads.filter(([w]) => byId.get(w)?.op === "param").map(([w]) => ({ id: w, w: "", g: "", size: Number(sizeDim(byId.get(w)!.type.shape)), rank: byId.get(w)!.type.shape.length }));
    for (const s of updateCode(m.optimizer, params).state) out.push({ name: s.key, role: "optimizer", bytesPerElement: s.float ? BYTES[m.dtype] : 8, elements: [s.size] });
  }
  return out;
}

/**
 * The plan as a generated program carries it: at most 4·KEEP entries as they are; a longer one keeps
 * the KEEP largest per batch row and the KEEP largest fixed by name, and sums the rest into one
 * entry (role "other", in bytes). Totals at every batch are unchanged.
 */
export function compactMemoryPlan(all: readonly MemoryTensor[]): MemoryTensor[] {
  if (all.length <= 4 * KEEP) return [...all];
  const perRow = (t: MemoryTensor): number => t.elements.slice(1).reduce((s, c) => s + c, 0) * t.bytesPerElement;
  const fixed = (t: MemoryTensor): number => (t.elements[0] ?? 0) * t.bytesPerElement;
  const kept = new Set([...[...all].sort((a, b) => perRow(b) - perRow(a)).slice(0, KEEP), ...[...all].sort((a, b) => fixed(b) - fixed(a)).slice(0, KEEP)]);
  const rest = all.filter((t) => !kept.has(t));
  const bytes: number[] = [];
  for (const t of rest) {
    t.elements.forEach((c, k) => {
      while (bytes.length <= k) bytes.push(0);
      bytes[k] = bytes[k]! + c * t.bytesPerElement;
    });
  }
  return [...all.filter((t) => kept.has(t)), { name: `${rest.length} smaller arrays`, role: "other", bytesPerElement: 1, elements: bytes }];
}
