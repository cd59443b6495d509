/** Shape ops: broadcast is `expand` (NumPy's right-aligned rule, as nnc's), reshape, permute, cat, slicing. */
import { attrDim, attrDims, attrInts, attrNumber } from "@nnc/ops";
import type { PyRule } from "../contract.ts";
import { op } from "./operand.ts";

export const SHAPE_PY = {
  broadcast: { expr: (c) => `${op(c.args[0]!)}.expand(${c.py.shape(attrDims(c.node.attrs, "shape"))})` },
  reshape: { expr: (c) => `${op(c.args[0]!)}.reshape(${c.py.shape(attrDims(c.node.attrs, "shape"))})` },
  transpose: {
    expr: (c) => {
      const perm = attrInts(c.node.attrs, "perm");
      return perm.length === 2 && perm[0] === 1 ? `${op(c.args[0]!)}.T` : `${op(c.args[0]!)}.permute(${perm.join(", ")})`;
    },
  },
  concat: { expr: (c) => `torch.cat([${c.args.join(", ")}], dim=${attrNumber(c.node.attrs, "axis")})` },
  slice: {
    expr: (c) => {
      const axis = attrNumber(c.node.attrs, "axis");
      const range = `${c.py.dim(attrDim(c.node.attrs, "start"))}:${c.py.dim(attrDim(c.node.attrs, "end"))}`;
      return `${op(c.args[0]!)}[${[...Array<string>(axis).fill(":"), range].join(", ")}]`;
    },
  },
} satisfies Record<string, PyRule>;
