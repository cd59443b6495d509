/**
 * Strided loop nests: the one loop emitter behind fused elementwise groups, reductions, broadcasts,
 * transposes and copies. Every operand is an array read at `offset + Σ_k idx_k·strides[k]` over a
 * common iteration shape, so a broadcast operand is just one with stride 0 along the broadcast axes
 * and is never materialised. Adjacent axes that every operand walks contiguously are merged, so a
 * plain elementwise op becomes one flat loop and a bias add two loops.
 */
import { dimEquals, dimMul, type Dim } from "@nnc/ir";

export interface LoopAccess {
  readonly offset: Dim;
  readonly strides: readonly Dim[];
}

/** An axis of a loop nest after coalescing: its size and, per access, its stride. */
export interface Axis {
  size: Dim;
  strides: Dim[];
}

const LOOP_VARS = ["_i", "_j", "_k", "_l", "_m", "_n"];
const GROUP_LETTERS = "abcdefgh";

function loopVar(l: number): string {
  return LOOP_VARS[l] ?? `_q${l}`;
}

function groupVar(g: number, l: number): string {
  return `_${GROUP_LETTERS[g] ?? `g${g}x`}${l}`;
}

/** Drops size-1 axes and merges axis k into k+1 where every access has strides[k] = strides[k+1]·size[k+1]. */
export function coalesce(shape: readonly Dim[], accesses: readonly LoopAccess[]): Axis[] {
  const axes: Axis[] = [];
  shape.forEach((size, k) => {
    if (size !== 1) axes.push({ size, strides: accesses.map((a) => a.strides[k]!) });
  });
  for (let k = axes.length - 2; k >= 0; k--) {
    const a = axes[k]!;
    const b = axes[k + 1]!;
    if (a.strides.every((s, i) => dimEquals(s, dimMul(b.strides[i]!, b.size)))) {
      axes.splice(k, 2, { size: dimMul(a.size, b.size), strides: b.strides });
    }
  }
  return axes;
}

/**
 * An element carried in a local across the innermost loop: when access `access` does not move along
 * the innermost axis (stride 0 there: a reduction's output), `open(at)` runs before that loop and
 * `close(at)` after it, `at` being the element's flat index, and the body is told so.
 */
export interface InnerCarry {
  readonly access: number;
  readonly open: (at: string) => string[];
  readonly close: (at: string) => string[];
}

/**
 * Loops over `shape`; `body(idx, carried)` receives, per access, the code of its flat index in the
 * innermost iteration (and whether `carry` applies) and returns the statements of the loop body.
 */
export function emitNest(shape: readonly Dim[], accesses: readonly LoopAccess[], body: (idx: readonly string[], carried: boolean) => string[], dim: (d: Dim) => string, carry?: InnerCarry): string[] {
  const axes = coalesce(shape, accesses);
  // Accesses with the same offset and strides share their offset variables.
  const keys = accesses.map((a, i) => `${dim(a.offset)}|${axes.map((x) => dim(x.strides[i]!)).join(",")}`);
  const groupOf = keys.map((k) => keys.indexOf(k));
  const groups = [...new Set(groupOf)];
  let exprs = new Map<number, string>(groups.map((g) => [g, dim(accesses[g]!.offset)]));
  const out: string[] = [];
  let indent = "";
  const inner = axes.length - 1;
  const carried = carry !== undefined && inner >= 0 && axes[inner]!.strides[carry.access] === 0;
  let carriedAt = "";
  axes.forEach((axis, l) => {
    if (carried && l === inner) {
      carriedAt = exprs.get(groupOf[carry.access]!)!;
      for (const line of carry.open(carriedAt)) out.push(indent + line);
    }
    const iv = loopVar(l);
    const decls: string[] = [];
    const incs: string[] = [];
    const next = new Map<number, string>();
    for (const g of groups) {
      const parent = exprs.get(g)!;
      const stride = axis.strides[g]!;
      if (stride === 0) next.set(g, parent);
      else if (parent === "0" && stride === 1) next.set(g, iv);
      else {
        const v = groupVar(g, l);
        decls.push(`${v} = ${parent}`);
        incs.push(`${v} += ${dim(stride)}`);
        next.set(g, v);
      }
    }
    exprs = next;
    const init = [`let ${iv} = 0`, ...decls].join(", ");
    out.push(`${indent}for (${init}; ${iv} < ${dim(axis.size)}; ${[`${iv}++`, ...incs].join(", ")}) {`);
    indent += "  ";
  });
  for (const line of body(accesses.map((_, i) => exprs.get(groupOf[i]!)!), carried)) out.push(indent + line);
  for (let l = axes.length - 1; l >= 0; l--) {
    out.push(`${"  ".repeat(l)}}`);
    if (carried && l === inner) for (const line of carry.close(carriedAt)) out.push(`${"  ".repeat(l)}${line}`);
  }
  return out;
}
