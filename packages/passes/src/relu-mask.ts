/**
 * The ReLU gradient's mask read from the activation instead of its operand:
 *
 *   gt(x, c) → gt(relu(x), c)   when relu(x) comes earlier in the graph and c is a constant ≥ 0.
 *
 * The two agree on every x: x > c ≥ 0 gives relu(x) = x > c; x ≤ c gives relu(x) = max(x, 0) ≤ c;
 * NaN compares false either way (whatever relu makes of it). Autodiff writes relu's vjp as
 * where(gt(x, 0), dy, 0), which keeps x alive until the backward pass: x then has two users and codegen
 * stores it in an array of its own. After the rewrite, x = a·W + b has relu as its only user and is
 * computed inside relu's loop — the bias add and the activation become one pass over the batch — and
 * no array holds it into the backward pass.
 */
import type { Graph, Node } from "@nnc/ir";
import { rewrite } from "./rewrite.ts";
import { uniformValue } from "./uniform.ts";

export function reluMask(g: Graph): Graph {
  /** relu(x) by x, for the relus kept so far. */
  const reluOf = new Map<string, string>();
  return rewrite(g, (n: Node, kept) => {
    if (n.op === "relu" && n.inputs.length === 1) {
      if (!reluOf.has(n.inputs[0]!)) reluOf.set(n.inputs[0]!, n.id);
      return n;
    }
    if (n.op !== "gt" || n.inputs.length !== 2) return n;
    const [x, c] = n.inputs as [string, string];
    const r = reluOf.get(x);
    const value = uniformValue(c, kept);
    if (r === undefined || value === undefined || !(value >= 0)) return n;
    return { ...n, inputs: [r, c] };
  });
}
