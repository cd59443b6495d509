import { printNodeCode, type Graph } from "@nnc/ir";
import type { OpLookup } from "@nnc/ops";
import { rewrite } from "./rewrite.ts";

/** Ops whose every occurrence is a distinct value, whatever the look-up says. */
const NEVER_MERGED = new Set(["input", "param", "buffer", "dropout_mask"]);

/**
 * Common-subexpression elimination by hash-consing: two nodes with the same op, operands (after
 * earlier merges), attributes and type compute the same value, so the later one is replaced by the
 * earlier (operands in either order for ops the table marks commutative). Forward and backward nodes
 * are merged alike. Source ops (inputs, params, buffers, random masks, the training flag —
 * `isSource` in the op table) and ops the look-up does not know are never merged.
 */
export function cse(lookup: OpLookup): (g: Graph) => Graph {
  return (g) => {
    const seen = new Map<string, string>();
    return rewrite(g, (n) => {
      const def = lookup(n.op);
      if (def === undefined || def.isSource === true || NEVER_MERGED.has(n.op)) return n;
      // The printed statement with an empty id is canonical: attrs sorted, numbers exact, type included;
      // a commutative op's operands are sorted, so add(a, b) and add(b, a) share a key.
      const inputs = def.commutative === true ? [...n.inputs].sort() : n.inputs;
      const key = printNodeCode({ ...n, id: "", inputs });
      const first = seen.get(key);
      if (first !== undefined) return { replaceWith: first };
      seen.set(key, n.id);
      return n;
    });
  };
}
