import { InternalCompilerError } from "@nnc/diagnostics";
import { isFloat, type Graph } from "@nnc/ir";
import type { OpLookup } from "@nnc/ops";

/**
 * Which values take part in reverse mode. A value is *varied* when it is a float value that is a wrt
 * (never a non-differentiable source: buffers, the training flag) or is computed (by a differentiable
 * op) from a varied operand; it is *useful* when `of` is computed from it. Only values that are both (`active`) get cotangents: everything else — labels, constants,
 * inputs not asked for, values after `of` — is never differentiated.
 */
export interface Activity {
  readonly varied: ReadonlySet<string>;
  readonly useful: ReadonlySet<string>;
  readonly active: (id: string) => boolean;
}

export function analyzeActivity(g: Graph, of: string, wrt: readonly string[], lookup: OpLookup): Activity {
  const wrtSet = new Set(wrt);
  const varied = new Set<string>();
  for (const n of g.nodes) {
    if (!isFloat(n.type.dtype)) continue;
    // Buffers and the training flag are never differentiated, even when asked for.
    if (lookup(n.op)?.nonDifferentiable === true && n.inputs.length === 0) continue;
    if (wrtSet.has(n.id)) {
      varied.add(n.id);
      continue;
    }
    if (!n.inputs.some((i) => varied.has(i))) continue;
    const def = lookup(n.op);
    if (def === undefined) throw new InternalCompilerError(`differentiate: unknown op '${n.op}' (node ${n.id})`, n.span);
    if (def.isSource !== true && def.nonDifferentiable !== true) varied.add(n.id);
  }
  const useful = new Set<string>([of]);
  for (let k = g.nodes.length - 1; k >= 0; k--) {
    const n = g.nodes[k]!;
    if (useful.has(n.id)) for (const i of n.inputs) useful.add(i);
  }
  return { varied, useful, active: (id) => varied.has(id) && useful.has(id) };
}
