/**
 * Shape ops. All are linear maps that only move elements, so each VJP is the transpose map:
 * broadcast ↔ sum over the copies, reshape ↔ reshape back, transpose ↔ the inverse permutation,
 * concat ↔ slice, slice ↔ concat with zeros.
 */
import { dimAdd, dimEquals, dimProduct, dimSub, dimToString, evalDim, shapeToString, tensorType, type Dim, type TensorType } from "@nnc/ir";
import { broadcastAxes, constant, reshapeTo, sumTo } from "../build-helpers.ts";
import { mathDoc } from "../doc-helpers.ts";
import { broadcastEval, splitAt, transposeEval, withShape } from "../eval-helpers.ts";
import type { OpDef, TypeRuleError } from "../op-def.ts";
import { attrDim, attrDims, attrInts, attrNumber, checkAxes, fmt } from "../rule-helpers.ts";
import { tensor } from "../tensor.ts";

const f64 = (shape: Dim[]): TensorType => tensorType("f64", shape);

/** Inverse of a permutation: inv[perm[i]] = i. */
export function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length).fill(0);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

function concrete(d: number, what: string): number {
  if (!Number.isInteger(d)) throw new Error(`${what} is unbound`);
  return d;
}

export const SHAPE_OPS = {
  broadcast: {
    name: "broadcast",
    arity: 1,
    summary: "NumPy right-aligned broadcast to `shape` (leading axes added, size-1 axes stretched)",
    type: ([x], attrs) => {
      const shape = attrDims(attrs, "shape");
      if (broadcastAxes(x!.shape, shape) !== undefined) return tensorType(x!.dtype, shape);
      const lead = shape.length - x!.shape.length;
      const bad = x!.shape.findIndex((d, i) => lead + i >= 0 && !dimEquals(d, shape[lead + i]!) && d !== 1);
      const why = lead < 0 ? `it has more axes than ${shapeToString(shape)}` : `${dimToString(x!.shape[bad]!)} and ${dimToString(shape[lead + bad]!)} differ (shapes align from the right)`;
      return { error: `cannot broadcast ${fmt(x!)} to ${shapeToString(shape)}: ${why}`, code: "E0301" };
    },
    evaluate: ([x], ctx) => broadcastEval(x!, ctx.outShape),
    vjp: (c) => [c.wanted[0] === true ? sumTo(c.b, c.cot, c.inputs[0]!.type.shape) : null],
    vjpDoc: [mathDoc(["x"], "dx = sum_to(dz, shape(x))", "∂z_i/∂x_j = 1 when z_i is a copy of x_j, else 0: each x_j collects the sum over its copies")],
    samples: [
      { label: "(3,1)→(2,3,4)", inputs: [f64([3, 1])], attrs: { shape: [2, 3, 4] } },
      { label: "scalar→(2,3)", inputs: [f64([])], attrs: { shape: [2, 3] } },
      { label: "(4)→(3,4)", inputs: [f64([4])], attrs: { shape: [3, 4] } },
    ],
  },
  reshape: {
    name: "reshape",
    arity: 1,
    summary: "the same elements in row-major order under `shape`",
    type: ([x], attrs) => {
      const shape = attrDims(attrs, "shape");
      const from = dimProduct(x!.shape);
      const to = dimProduct(shape);
      if (dimEquals(from, to)) return tensorType(x!.dtype, shape);
      return {
        error: `cannot reshape ${fmt(x!)} (${dimToString(from)} elements) to ${shapeToString(shape)} (${dimToString(to)} elements)`,
        code: "E0304",
        help: "the product of the dims must stay the same; use -1 for one dim to have it computed",
      };
    },
    evaluate: ([x], ctx) => withShape(x!, ctx.outShape),
    vjp: (c) => [c.wanted[0] === true ? reshapeTo(c.b, c.cot, c.inputs[0]!.type.shape) : null],
    vjpDoc: [mathDoc(["x"], "dx = reshape(dz, shape(x))", "∂z_i/∂x_j = δ_ij in row-major order")],
    samples: [
      { label: "(2,6)→(3,4)", inputs: [f64([2, 6])], attrs: { shape: [3, 4] } },
      { label: "scalar→(1,1)", inputs: [f64([])], attrs: { shape: [1, 1] } },
    ],
  },
  transpose: {
    name: "transpose",
    arity: 1,
    summary: "output axis i is input axis perm[i]",
    type: ([x], attrs) => {
      const perm = attrInts(attrs, "perm");
      const r = x!.shape.length;
      const ok = perm.length === r && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
      if (!ok) {
        return { error: `transpose: [${perm.join(", ")}] is not a permutation of the ${r} axes of ${fmt(x!)}`, code: "E0303", help: `list each axis 0 to ${r - 1} exactly once` };
      }
      return tensorType(x!.dtype, perm.map((p) => x!.shape[p]!));
    },
    evaluate: ([x], ctx) => transposeEval(x!, attrInts(ctx.attrs, "perm")),
    vjp: (c) => [c.wanted[0] === true ? c.b.add("transpose", [c.cot], { perm: invertPerm(attrInts(c.node.attrs, "perm")) }) : null],
    vjpDoc: [mathDoc(["x"], "dx = transpose(dz, perm⁻¹)", "z[i_0…] = x[i_perm⁻¹…]: a permutation matrix, whose transpose is its inverse")],
    samples: [
      { label: "(3,4) [1,0]", inputs: [f64([3, 4])], attrs: { perm: [1, 0] } },
      { label: "(2,3,4) [2,0,1]", inputs: [f64([2, 3, 4])], attrs: { perm: [2, 0, 1] } },
    ],
  },
  concat: {
    name: "concat",
    arity: "variadic",
    summary: "operands joined along `axis` (other dims equal)",
    type: (ins, attrs) => {
      const axis = attrNumber(attrs, "axis");
      const first = ins[0];
      if (first === undefined) return { error: "concat needs at least one operand", code: "E0305" };
      const axErr = checkAxes("concat", first, [axis]);
      if (axErr !== undefined) return axErr;
      let size: Dim = 0;
      for (const [i, t] of ins.entries()) {
        if (t.dtype !== first.dtype) return { error: `concat: dtypes differ: ${fmt(first)} and ${fmt(t)} (operand ${i})`, code: "E0201" };
        const bad = t.shape.length !== first.shape.length || t.shape.some((d, k) => k !== axis && !dimEquals(d, first.shape[k]!));
        if (bad) {
          return { error: `concat along axis ${axis}: ${fmt(first)} and ${fmt(t)} (operand ${i}) differ in a dim other than ${axis}`, code: "E0305", help: "all operands must have the same rank and equal dims except along the axis" };
        }
        size = dimAdd(size, t.shape[axis]!);
      }
      return tensorType(first.dtype, first.shape.map((d, k) => (k === axis ? size : d)));
    },
    evaluate: (ins, ctx) => {
      const axis = attrNumber(ctx.attrs, "axis");
      const out = tensor(ctx.outShape);
      const o = splitAt(ctx.outShape, axis);
      let offset = 0;
      for (const x of ins) {
        const s = splitAt(x.shape, axis);
        for (let r = 0; r < s.outer; r++) {
          const block = x.data.subarray(r * s.size * s.inner, (r + 1) * s.size * s.inner);
          out.data.set(block, (r * o.size + offset) * o.inner);
        }
        offset += s.size;
      }
      return out;
    },
    vjp: (c) => {
      const axis = attrNumber(c.node.attrs, "axis");
      let start: Dim = 0;
      return c.inputs.map((x, i) => {
        const end = dimAdd(start, x.type.shape[axis]!);
        const g = c.wanted[i] === true ? c.b.add("slice", [c.cot], { axis, start, end }) : null;
        start = end;
        return g;
      });
    },
    vjpDoc: [mathDoc(["x"], "dx_k = slice(dz, axis, offset_k, offset_k + size_k)", "z = [x_0; x_1; …]: each x_k maps to a block of z, so its cotangent is that block")],
    samples: [
      { label: "(2,3)+(2,4) axis 1", inputs: [f64([2, 3]), f64([2, 4])], attrs: { axis: 1 } },
      { label: "(1,3)+(2,3)+(1,3) axis 0", inputs: [f64([1, 3]), f64([2, 3]), f64([1, 3])], attrs: { axis: 0 } },
    ],
  },
  slice: {
    name: "slice",
    arity: 1,
    summary: "x[start:end] along `axis`",
    type: ([x], attrs) => {
      const axis = attrNumber(attrs, "axis");
      const axErr = checkAxes("slice", x!, [axis]);
      if (axErr !== undefined) return axErr;
      const start = attrDim(attrs, "start");
      const end = attrDim(attrs, "end");
      const len = dimSub(end, start);
      const dim = x!.shape[axis]!;
      const bad: TypeRuleError = { error: `slice [${dimToString(start)}:${dimToString(end)}] is out of bounds for axis ${axis} of ${fmt(x!)}`, code: "E0301" };
      if (typeof len === "number" && len < 0) return bad;
      if (typeof start === "number" && start < 0) return bad;
      const rest = dimSub(dim, end);
      if (typeof rest === "number" && rest < 0) return bad;
      return tensorType(x!.dtype, x!.shape.map((d, k) => (k === axis ? len : d)));
    },
    evaluate: ([x], ctx) => {
      const axis = attrNumber(ctx.attrs, "axis");
      const start = concrete(evalDim(attrDim(ctx.attrs, "start"), ctx.dims) ?? Number.NaN, "slice start");
      const out = tensor(ctx.outShape);
      const s = splitAt(x!.shape, axis);
      const o = splitAt(ctx.outShape, axis);
      for (let r = 0; r < s.outer; r++) {
        const from = (r * s.size + start) * s.inner;
        out.data.set(x!.data.subarray(from, from + o.size * o.inner), r * o.size * o.inner);
      }
      return out;
    },
    vjp: (c) => {
      if (c.wanted[0] !== true) return [null];
      const x = c.inputs[0]!.type;
      const axis = attrNumber(c.node.attrs, "axis");
      const start = attrDim(c.node.attrs, "start");
      const end = attrDim(c.node.attrs, "end");
      const zeros = (len: Dim): string => constant(c.b, 0, tensorType(x.dtype, x.shape.map((d, k) => (k === axis ? len : d))));
      const parts: string[] = [];
      if (!dimEquals(start, 0)) parts.push(zeros(start));
      parts.push(c.cot);
      const after = dimSub(x.shape[axis]!, end);
      if (!dimEquals(after, 0)) parts.push(zeros(after));
      return [parts.length === 1 ? c.cot : c.b.add("concat", parts, { axis })];
    },
    vjpDoc: [mathDoc(["x"], "dx = concat(0, dz, 0) along axis (zeros outside [start, end))", "∂z_i/∂x_j = 1 when z_i = x_j (j = i + start along the axis), else 0")],
    samples: [
      { label: "(3,5) axis 1 [1:4]", inputs: [f64([3, 5])], attrs: { axis: 1, start: 1, end: 4 } },
      { label: "(4,2) axis 0 [0:2]", inputs: [f64([4, 2])], attrs: { axis: 0, start: 0, end: 2 } },
    ],
  },
} satisfies Record<string, OpDef>;
