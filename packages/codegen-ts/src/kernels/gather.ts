/**
 * Lookups: `take` (rows of a table by integer ids) and its transpose `scatter_add`. Both loop over the
 * ids once and move one row of W elements per id. Every id is checked against [0, V) BEFORE its row
 * is read or written: a bad id throws a RangeError naming the op and the id, and never touches memory
 * outside the arrays (ids live in an Int32Array, so they are whole numbers already). A float32 lookup
 * runs on its WebAssembly kernel first (../wasm/gather-lanes.ts), which checks every id before it moves
 * a row and declines where one is out of range, so the loop below throws.
 */
import { dimProduct, type Dim } from "@nnc/ir";
import type { CallCtx, CallKernel, SimdStandIn } from "../kernel-types.ts";
import { simdFirst } from "./simd-first.ts";

const TAKE_SIMD: SimdStandIn = { helper: "takeSimd" };
const SCATTER_ADD_SIMD: SimdStandIn = { helper: "scatterAddSimd" };

/** `const _v = ids[_p];` plus the range check, shared by both kernels. */
function checkedId(c: CallCtx, op: string, ids: string, rows: string): string[] {
  const msg = (s: string) => c.str(s);
  return [
    `  const _v = ${ids}[_p];`,
    `  if (!(_v >= 0 && _v < ${rows})) throw new RangeError(${msg(`${op}: id `)} + _v + ${msg(" is out of range: ids must be whole numbers in [0, ")} + ${rows} + ${msg(") for a table of ")} + ${rows} + ${msg(" rows")});`,
  ];
}

/** out[p, j] = table[ids[p], j] for p < N ids and j < W elements per row. */
function take(c: CallCtx): string[] {
  const table = c.inputs[0]!.type.shape;
  const ids = c.inputs[1]!.type.shape;
  const [V, W, N] = [c.dim(table[0]!), c.dim(dimProduct(table.slice(1))), c.dim(dimProduct(ids))];
  const [src, idArr, out] = [c.ins[0]!, c.ins[1]!, c.out];
  return simdFirst(c, TAKE_SIMD, `${src}, ${idArr}, ${out}, ${V}, ${W}, ${N}`, [
    `for (let _p = 0; _p < ${N}; _p++) {`,
    ...checkedId(c, "take", idArr, V),
    `  for (let _j = 0, _s = _v * ${W}, _o = _p * ${W}; _j < ${W}; _j++) ${out}[_o + _j] = ${src}[_s + _j];`,
    `}`,
  ]);
}

/** out = 0, then out[ids[p], j] += upd[p, j]. */
function scatterAdd(c: CallCtx): string[] {
  const out = c.node.type.shape;
  const ids = c.inputs[0]!.type.shape;
  const rows: Dim = out[0]!;
  const [V, W, N] = [c.dim(rows), c.dim(dimProduct(out.slice(1))), c.dim(dimProduct(ids))];
  const [idArr, upd, z] = [c.ins[0]!, c.ins[1]!, c.out];
  return simdFirst(c, SCATTER_ADD_SIMD, `${idArr}, ${upd}, ${z}, ${V}, ${W}, ${N}`, [
    `${z}.fill(0, 0, ${c.dim(dimProduct(out))});`,
    `for (let _p = 0; _p < ${N}; _p++) {`,
    ...checkedId(c, "scatter_add", idArr, V),
    `  for (let _j = 0, _o = _v * ${W}, _s = _p * ${W}; _j < ${W}; _j++) ${z}[_o + _j] += ${upd}[_s + _j];`,
    `}`,
  ]);
}

export const GATHER_KERNELS = {
  take: { kind: "call", emit: take, simd: TAKE_SIMD },
  scatter_add: { kind: "call", emit: scatterAdd, simd: SCATTER_ADD_SIMD },
} satisfies Record<string, CallKernel>;
