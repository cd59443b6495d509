/** take = advanced indexing on the first axis (its backward accumulates repeated ids); scatter_add = index_add. */
import { attrDim } from "@nnc/ops";
import type { PyRule } from "../contract.ts";
import { op } from "./operand.ts";

export const GATHER_PY = {
  take: { expr: (c) => `${op(c.args[0]!)}[${op(c.args[1]!)}.long()]` },
  scatter_add: { expr: (c) => `${c.py.helper("scatter_add")}(${c.args[0]!}, ${c.args[1]!}, ${c.py.dim(attrDim(c.node.attrs, "rows"))})` },
} satisfies Record<string, PyRule>;
