/**
 * Source ops. `input`, `param` and `buffer` have no expression of their own: the module driver binds
 * them (forward's arguments; `self.<path>` for the state), so their rules only name that binding.
 */
import { attrDims, attrNumber } from "@nnc/ops";
import type { PyRule, PyRuleContext } from "../contract.ts";

/** Dispatched on by nothing: the module driver binds sources before any rule runs. */
const BOUND = (c: PyRuleContext): string => c.args[0] ?? c.node.id;

export const SOURCES_PY = {
  input: { expr: BOUND },
  param: { expr: BOUND },
  buffer: { expr: BOUND },
  training: { expr: () => "torch.tensor(self.training, device=self.device)" },
  const: {
    expr: ({ node, py }) => {
      const v = attrNumber(node.attrs, "value");
      const lit = node.type.dtype === "bool" ? (v !== 0 ? "True" : "False") : node.type.dtype === "i32" ? String(v) : py.num(v);
      const dt = py.dtypeOf(node.type);
      return node.type.shape.length === 0
        ? `torch.tensor(${lit}, dtype=${dt}, device=self.device)`
        : `torch.full(${py.shape(node.type.shape)}, ${lit}, dtype=${dt}, device=self.device)`;
    },
  },
  dimsize: {
    expr: ({ node, py }) => {
      const n = attrDims(node.attrs, "dims").map((d) => py.dim(d)).join(" * ") || "1";
      return `torch.tensor(float(${n}), dtype=${py.dtypeOf(node.type)}, device=self.device)`;
    },
  },
  dropout_mask: {
    expr: ({ node, py }) =>
      `${py.helper("dropout_mask")}(self.training, ${py.shape(node.type.shape)}, ${py.num(attrNumber(node.attrs, "p"))}, ${py.dtypeOf(node.type)}, self.device)`,
  },
} satisfies Record<string, PyRule>;
