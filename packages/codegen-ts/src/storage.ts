/**
 * Buffer assignment by liveness: an interval allocator over program order. A value's array is read
 * where the code reading it is emitted (an inline or view user is read inside ITS consumers), so
 * its interval ends at the last such position. Freed arrays of the same dtype are reused, best fit
 * by size (sizes are polynomials in the batch dim, compared coefficientwise); an elementwise group
 * may write into an operand that dies there when it reads it only at the output's own index.
 */
import { shapesEqual, type DType, type Dim } from "@nnc/ir";
import { dimMax, sizeDim } from "./dims.ts";
import { FreePool } from "./free-pool.ts";
import { groupOf, type ModePlan } from "./plan.ts";

export interface Storage {
  readonly dtype: DType;
  size: Dim;
  readonly pinned: boolean;
  /** Values held here over the program, in order (for the field's comment). */
  readonly values: string[];
  /** A const buffer: filled once in the constructor. */
  fill?: number;
}

export interface StoragePlan {
  readonly storages: readonly Storage[];
  /** Storage index of every value with an array (source, buffer, alias). */
  readonly storageOf: ReadonlyMap<string, number>;
  /** Scratch storage indices of call nodes. */
  readonly scratchOf: ReadonlyMap<string, readonly number[]>;
}

const INF = Number.POSITIVE_INFINITY;

/** Position after which nobody reads value `id`'s array (∞ when pinned). */
function lastReads(plan: ModePlan): Map<string, number> {
  const eff = new Map<string, number>();
  const last = new Map<string, number>();
  for (let k = plan.order.length - 1; k >= 0; k--) {
    const n = plan.order[k]!;
    const v = plan.values.get(n.id)!;
    let end = plan.pinned.has(n.id) ? INF : k;
    let read = k;
    for (const u of plan.users.get(n.id)!) {
      end = Math.max(end, eff.get(u)!);
      read = Math.max(read, eff.get(u)!);
    }
    last.set(n.id, end);
    // Inline and view values are read where their users' code runs.
    eff.set(n.id, v.mode === "inline" || v.mode === "view" ? read : k);
  }
  return last;
}

/**
 * The live storages by the position of their last read. Every end recorded at position p is ≥ p
 * (a value is read at or after its definition) and everything ending at p is released at p, so the
 * storages due at p are exactly bucket p; they are released in the order they first became live,
 * as one scan over all live storages would. Cost: O(1) per bind, O(due) per release.
 */
class LiveStorages {
  private readonly endOf = new Map<number, number>();
  private readonly bucket = new Map<number, Set<number>>();
  /** When each storage became live (its first bind since it was last released). */
  private readonly since = new Map<number, number>();
  private clock = 0;

  /** Records that storage `s` is read until `end` at least. */
  extend(s: number, end: number): void {
    const old = this.endOf.get(s);
    if (old === undefined) this.since.set(s, this.clock++);
    else if (old >= end) return;
    else this.bucket.get(old)!.delete(s);
    this.endOf.set(s, end);
    let b = this.bucket.get(end);
    if (b === undefined) this.bucket.set(end, (b = new Set()));
    b.add(s);
  }

  /** Removes and returns, oldest first, the storages whose reads end at `pos` and that `canFree` allows. */
  release(pos: number, canFree: (s: number) => boolean): number[] {
    const b = this.bucket.get(pos);
    if (b === undefined) return [];
    const due = [...b].filter(canFree).sort((x, y) => this.since.get(x)! - this.since.get(y)!);
    for (const s of due) {
      b.delete(s);
      this.endOf.delete(s);
      this.since.delete(s);
    }
    if (b.size === 0) this.bucket.delete(pos);
    return due;
  }
}

export function planStorage(plan: ModePlan, floatType: "f32" | "f64", scratchSizes: (id: string) => readonly Dim[]): StoragePlan {
  const storages: Storage[] = [];
  const storageOf = new Map<string, number>();
  const scratchOf = new Map<string, number[]>();
  const lastOf = lastReads(plan);
  const live = new LiveStorages();
  const free = new FreePool();
  const dtypeOf = (d: DType): DType => (d === "f32" || d === "f64" ? floatType : d);

  const allocate = (dtype: DType, size: Dim): number => {
    const pick = free.take(dtype, size);
    if (pick === undefined) {
      storages.push({ dtype, size, pinned: false, values: [] });
      return storages.length - 1;
    }
    storages[pick]!.size = dimMax(storages[pick]!.size, size);
    return pick;
  };
  const release = (pos: number, canFree: (s: number) => boolean): void => {
    for (const s of live.release(pos, canFree)) free.add(s, storages[s]!.dtype, storages[s]!.size);
  };
  const bind = (id: string, s: number): void => {
    storageOf.set(id, s);
    storages[s]!.values.push(id);
    if (!storages[s]!.pinned) live.extend(s, lastOf.get(id)!);
  };

  for (const n of plan.order) {
    const v = plan.values.get(n.id)!;
    const pos = v.pos;
    // A value known when the class is built (its kernel record's fill) gets a pinned array, filled once.
    const fill = v.kernel.kind === "uniform" ? v.kernel.fill?.(n) : undefined;
    if (v.mode === "source" || (v.mode === "buffer" && fill !== undefined)) {
      storages.push({ dtype: dtypeOf(n.type.dtype), size: sizeDim(n.type.shape), pinned: true, values: [], ...(fill === undefined ? {} : { fill }) });
      bind(n.id, storages.length - 1);
    } else if (v.mode === "alias") {
      bind(n.id, storageOf.get(v.access!.array)!);
    } else if (v.mode === "buffer") {
      if (v.kernel.kind === "map" && !v.uniform) {
        // In place: operands dying here that the group reads only at the output's own index.
        const { leaves } = groupOf(plan, n);
        const safe = new Set<number>();
        const unsafe = new Set<number>();
        for (const l of leaves) {
          const lv = plan.values.get(l)!;
          const s = storageOf.get(lv.access!.array);
          if (s === undefined) continue;
          const identity = lv.mode !== "view" && shapesEqual(lv.node.type.shape, n.type.shape);
          (identity ? safe : unsafe).add(s);
        }
        release(pos, (s) => safe.has(s) && !unsafe.has(s));
      }
      const s = plan.pinned.has(n.id)
        ? (storages.push({ dtype: dtypeOf(n.type.dtype), size: sizeDim(n.type.shape), pinned: true, values: [] }), storages.length - 1)
        : allocate(dtypeOf(n.type.dtype), sizeDim(n.type.shape));
      bind(n.id, s);
      const scratch = scratchSizes(n.id).map((size) => allocate(floatType, size));
      if (scratch.length > 0) {
        scratchOf.set(n.id, scratch);
        for (const s2 of scratch) live.extend(s2, pos);
      }
    }
    release(pos, () => true);
  }
  return { storages, storageOf, scratchOf };
}
