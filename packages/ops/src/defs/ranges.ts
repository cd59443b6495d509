/**
 * Index constants with no operands: `arange {n}` → i32[n] = 0, 1, …, n − 1, and the triangular masks
 * `tril {n, k}` / `triu {n, k}` → bool[n, n] with tril[i, j] = (j ≤ i + k), triu[i, j] = (j ≥ i + k)
 * (PyTorch's torch.tril / torch.triu of a matrix of ones, diagonal = k). `n` is a whole number ≥ 1 or a
 * symbolic dim, resolved at evaluation time from the output shape. Integer and bool results: no gradient.
 */
import { isConcrete, tensorType, type Attrs, type Dim } from "@nnc/ir";
import { type OpDef, type TypeRule, type TypeRuleError } from "../op-def.ts";
import { attrDim, attrNumber } from "../rule-helpers.ts";
import { tensor, type Tensor } from "../tensor.ts";

function sizeDim(op: string, attrs: Attrs): Dim | TypeRuleError {
  const n = attrDim(attrs, "n");
  if (isConcrete(n) && (!Number.isInteger(n) || n < 1)) return { error: `${op}: n must be a whole number ≥ 1, got ${n}`, code: "E0900" };
  return n;
}

function isError(v: Dim | TypeRuleError): v is TypeRuleError {
  return typeof v === "object" && "error" in v;
}

function triType(op: string): TypeRule {
  return (_in, attrs) => {
    const n = sizeDim(op, attrs);
    if (isError(n)) return n;
    const k = attrNumber(attrs, "k", 0);
    if (!Number.isInteger(k)) return { error: `${op}: the diagonal offset k must be a whole number, got ${k}`, code: "E0900" };
    return tensorType("bool", [n, n]);
  };
}

/** bool[n, n] with element (i, j) = keep(j − i, k). */
function triangle(n: number, k: number, keep: (offset: number, k: number) => boolean): Tensor {
  const out = tensor([n, n]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.data[i * n + j] = keep(j - i, k) ? 1 : 0;
  return out;
}

function tri(op: "tril" | "triu", keep: (offset: number, k: number) => boolean, summary: string): OpDef {
  return {
    name: op,
    arity: 0,
    summary,
    type: triType(op),
    evaluate: (_in, ctx) => triangle(ctx.outShape[0]!, attrNumber(ctx.attrs, "k", 0), keep),
    vjp: () => [],
    vjpDoc: [],
    nonDifferentiable: true,
    samples: [
      { label: "4×4", inputs: [], attrs: { n: 4, k: 0 } },
      { label: "offset k = −1", inputs: [], attrs: { n: 3, k: -1 } },
      { label: "offset k = 2", inputs: [], attrs: { n: 3, k: 2 } },
    ],
  };
}

export const RANGE_OPS = {
  arange: {
    name: "arange",
    arity: 0,
    summary: "i32[n]: 0, 1, …, n − 1",
    type: (_in, attrs) => {
      const n = sizeDim("arange", attrs);
      return isError(n) ? n : tensorType("i32", [n]);
    },
    evaluate: (_in, ctx) => {
      const n = ctx.outShape[0]!;
      return tensor([n], Array.from({ length: n }, (_, i) => i));
    },
    vjp: () => [],
    vjpDoc: [],
    nonDifferentiable: true,
    samples: [
      { label: "n = 5", inputs: [], attrs: { n: 5 } },
      { label: "n = 1", inputs: [], attrs: { n: 1 } },
    ],
  },
  tril: tri("tril", (offset, k) => offset <= k, "bool[n, n] lower-triangular mask: element (i, j) is j ≤ i + k"),
  triu: tri("triu", (offset, k) => offset >= k, "bool[n, n] upper-triangular mask: element (i, j) is j ≥ i + k"),
} satisfies Record<string, OpDef>;
