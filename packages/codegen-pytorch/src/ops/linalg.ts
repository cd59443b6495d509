/** matmul (torch.matmul broadcasts a rank ≤ 2 operand over the other's batch, as nnc's matmul does) and outer. */
import { attrBool } from "@nnc/ops";
import type { PyRule } from "../contract.ts";
import { infixText, op } from "./operand.ts";

export const LINALG_PY = {
  matmul: {
    expr: (c) => {
      const a = attrBool(c.node.attrs, "transA") ? `${op(c.args[0]!)}.mT` : op(c.args[0]!);
      const b = attrBool(c.node.attrs, "transB") ? `${op(c.args[1]!)}.mT` : op(c.args[1]!);
      return infixText("@", a, b);
    },
  },
  outer: { expr: (c) => `torch.outer(${c.args[0]!}, ${c.args[1]!})` },
} satisfies Record<string, PyRule>;
