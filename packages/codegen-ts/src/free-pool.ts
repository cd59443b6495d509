/**
 * The free storages of the buffer allocator, grouped by (dtype, size). A request takes, among the
 * free storages of its dtype, the smallest one whose size dominates the request, else the largest;
 * ties go to the storage freed first. Storages of one group have equal sizes, so each group is a
 * queue in the order its members were freed and only its head can be picked: a request costs
 * O(number of distinct free sizes of its dtype), not O(number of free storages).
 */
import { dimToString, type DType, type Dim } from "@nnc/ir";
import { dominates, sizeRank } from "./dims.ts";

interface Group {
  readonly dtype: DType;
  readonly size: Dim;
  readonly rank: number;
  /** Storage indices in the order they were freed; `head` is the first one still here. */
  readonly queue: number[];
  head: number;
}

export class FreePool {
  private readonly groups = new Map<string, Group>();
  /** Free storage → the order in which it was freed (smaller: freed earlier). */
  private readonly freedAt = new Map<number, number>();
  private clock = 0;

  /** Adds storage `s` of `dtype` and `size` as the most recently freed one. */
  add(s: number, dtype: DType, size: Dim): void {
    const key = `${dtype} ${dimToString(size)}`;
    let g = this.groups.get(key);
    if (g === undefined) {
      g = { dtype, size, rank: sizeRank(size), queue: [], head: 0 };
      this.groups.set(key, g);
    }
    g.queue.push(s);
    this.freedAt.set(s, this.clock++);
  }

  /** Takes the best free storage for a request (see above), or undefined when none has `dtype`. */
  take(dtype: DType, size: Dim): number | undefined {
    let fit: Group | undefined;
    let largest: Group | undefined;
    for (const g of this.groups.values()) {
      if (g.dtype !== dtype) continue;
      if (dominates(g.size, size) && (fit === undefined || this.before(g, fit, g.rank < fit.rank, g.rank === fit.rank))) fit = g;
      if (largest === undefined || this.before(g, largest, g.rank > largest.rank, g.rank === largest.rank)) largest = g;
    }
    const g = fit ?? largest;
    if (g === undefined) return undefined;
    const s = g.queue[g.head++]!;
    this.freedAt.delete(s);
    if (g.head === g.queue.length) this.groups.delete(`${g.dtype} ${dimToString(g.size)}`);
    return s;
  }

  /** Whether `g` beats `best`: a strictly better rank, or an equal one and an earlier-freed head. */
  private before(g: Group, best: Group, better: boolean, tie: boolean): boolean {
    return better || (tie && this.freedAt.get(g.queue[g.head]!)! < this.freedAt.get(best.queue[best.head]!)!);
  }
}
