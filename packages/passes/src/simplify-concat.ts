/**
 * `add(concat(p…), concat(q…))` along one axis where, block by block, at most one side is not zero
 * → `concat` of the non-zero blocks. The backward of `split` (or of several slices of one tensor) is
 * one zero-padded concat per part summed over the fan-out: dx = concat(da, 0) + concat(0, db, 0) +
 * concat(0, dc); this folds it, from the inside of the add chain out, into dx = concat(da, db, dc).
 *
 * Exact (x + 0 = x elementwise). Fires only when every block boundary is a whole number and each
 * block of the result is exactly an operand of one side: a non-zero operand of one side must lie
 * inside a zero operand of the other; a block zero on both sides needs a zero operand spanning it.
 */
import { typesEqual, type Node } from "@nnc/ir";
import type { Decision } from "./rewrite.ts";
import { uniformValue, type Kept } from "./uniform.ts";

interface Piece {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly zero: boolean;
}

/** The operands of a concat along `axis` with their extents; undefined when a size is symbolic. */
function pieces(c: Node, axis: number, kept: Kept): Piece[] | undefined {
  const out: Piece[] = [];
  let at = 0;
  for (const id of c.inputs) {
    const size = kept.get(id)?.type.shape[axis];
    if (typeof size !== "number") return undefined;
    out.push({ id, start: at, end: at + size, zero: uniformValue(id, kept) === 0 });
    at += size;
  }
  return out;
}

function concatOf(id: string | undefined, n: Node, kept: Kept): Node | undefined {
  const c = id === undefined ? undefined : kept.get(id);
  return c?.op === "concat" && typesEqual(c.type, n.type) ? c : undefined;
}

const exact = (p: Piece, s: number, e: number): boolean => p.start === s && p.end === e;

/**
 * Walks both piece lists at once (each sorted, together covering the same extent), one segment
 * between consecutive boundaries at a time: linear in the number of pieces, so a chain of k adds
 * (a scan's k time steps) costs O(k²) in all, never O(k³).
 */
export function mergeZeroPaddedConcats(n: Node, kept: Kept): Decision | undefined {
  const l = concatOf(n.inputs[0], n, kept);
  const r = concatOf(n.inputs[1], n, kept);
  const axis = l?.attrs.axis;
  if (l === undefined || r === undefined || typeof axis !== "number" || r.attrs.axis !== axis) return undefined;
  const lp = pieces(l, axis, kept);
  const rp = pieces(r, axis, kept);
  if (lp === undefined || rp === undefined) return undefined;
  const inputs: string[] = [];
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < lp.length && j < rp.length) {
    const a = lp[i]!;
    const b = rp[j]!;
    const e = Math.min(a.end, b.end);
    if (!a.zero && !b.zero) return undefined;
    const pick = !a.zero ? a : !b.zero ? b : exact(a, s, e) ? a : b;
    if (!exact(pick, s, e)) return undefined;
    inputs.push(pick.id);
    if (a.end === e) i++;
    if (b.end === e) j++;
    s = e;
  }
  return i === lp.length && j === rp.length ? { ...n, op: "concat", inputs, attrs: { axis } } : undefined;
}
