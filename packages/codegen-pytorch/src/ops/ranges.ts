/** Index constants: arange (int64 here, nnc's i32 values), tril/triu masks as torch.tril/triu of ones. */
import { attrDim, attrNumber } from "@nnc/ops";
import type { PyRule, PyRuleContext } from "../contract.ts";

const ones = (c: PyRuleContext): string => {
  const n = c.py.dim(attrDim(c.node.attrs, "n"));
  return `torch.ones(${n}, ${n}, dtype=torch.bool, device=self.device)`;
};

export const RANGES_PY = {
  arange: { expr: (c) => `torch.arange(${c.py.dim(attrDim(c.node.attrs, "n"))}, device=self.device)` },
  tril: { expr: (c) => `${ones(c)}.tril(${attrNumber(c.node.attrs, "k", 0)})` },
  triu: { expr: (c) => `${ones(c)}.triu(${attrNumber(c.node.attrs, "k", 0)})` },
} satisfies Record<string, PyRule>;
