/**
 * View kernels: the output read through the operand's access with changed strides, never copied
 * for an elementwise consumer. broadcast: stride 0 on new and stretched axes; transpose: permuted
 * strides; slice: the same strides from an offset; reshape: of contiguous data an alias, of strided
 * data a view where its axes map onto the operand's (stridedReshape), otherwise a copy.
 */
import { dimAdd, dimEquals, dimMul, dimProduct, type Dim, type Node } from "@nnc/ir";
import { contiguousStrides } from "../dims.ts";
import type { ArrayAccess, ViewKernel } from "../kernel-types.ts";

function ints(node: Node, name: string): number[] {
  const v = node.attrs[name];
  if (!Array.isArray(v)) throw new Error(`codegen: ${node.op} ${node.id} lacks attribute ${name}`);
  return v.map((x) => (typeof x === "number" ? x : Number.NaN));
}

function isContiguous(a: ArrayAccess, shape: readonly Dim[]): boolean {
  const c = contiguousStrides(shape);
  return dimEquals(a.offset, 0) && shape.every((d, k) => d === 1 || dimEquals(a.strides[k]!, c[k]!));
}

interface Axis {
  readonly size: Dim;
  readonly stride: Dim;
}

/**
 * The strides of `to`'s axes over the elements of a strided operand of shape `from`, or null when
 * some output axis cannot be one stride. Unit axes are dropped on both sides (their stride is never
 * multiplied by a non-zero index; an output unit axis gets 0). The others are matched left to right:
 * an equal size takes the operand's stride; output axes whose sizes multiply to one operand axis of
 * stride s split it (innermost s, each outer one the inner stride times the inner size); operand axes
 * whose sizes multiply to one output axis merge into it when each is contiguous over the next
 * (stride_k = stride_{k+1} · size_{k+1}), taking the innermost stride. Row-major order is kept, so
 * element (i_0, …) of the output is element flat(i) of the operand, as reshape means.
 */
export function stridedReshape(from: readonly Dim[], strides: readonly Dim[], to: readonly Dim[]): Dim[] | null {
  const ins: Axis[] = from.flatMap((size, k) => (dimEquals(size, 1) ? [] : [{ size, stride: strides[k]! }]));
  const outs = to.flatMap((size, k) => (dimEquals(size, 1) ? [] : [k]));
  const out: Dim[] = to.map(() => 0);
  let i = 0;
  let j = 0;
  while (i < ins.length && j < outs.length) {
    const a = ins[i]!;
    if (dimEquals(a.size, to[outs[j]!]!)) {
      out[outs[j]!] = a.stride;
      i++;
      j++;
      continue;
    }
    const split = splitLength(a.size, outs.slice(j).map((k) => to[k]!));
    if (split > 0) {
      let s = a.stride;
      for (let q = j + split - 1; q >= j; q--) {
        out[outs[q]!] = s;
        s = dimMul(s, to[outs[q]!]!);
      }
      i++;
      j += split;
      continue;
    }
    const merged = mergeLength(ins.slice(i), to[outs[j]!]!);
    if (merged === 0) return null;
    out[outs[j]!] = ins[i + merged - 1]!.stride;
    i += merged;
    j++;
  }
  return i === ins.length && j === outs.length ? out : null;
}

/** How many leading sizes (at least 2) multiply to `size`; 0 when no prefix does. */
function splitLength(size: Dim, sizes: readonly Dim[]): number {
  let p: Dim = 1;
  for (let n = 0; n < sizes.length; n++) {
    p = dimMul(p, sizes[n]!);
    if (n > 0 && dimEquals(p, size)) return n + 1;
  }
  return 0;
}

/** How many leading axes (at least 2), each contiguous over the next, multiply to `size`; 0 when none. */
function mergeLength(axes: readonly Axis[], size: Dim): number {
  for (let n = 2; n <= axes.length; n++) {
    const inner = axes[n - 1]!;
    if (!dimEquals(axes[n - 2]!.stride, dimMul(inner.stride, inner.size))) return 0;
    if (dimEquals(dimProduct(axes.slice(0, n).map((a) => a.size)), size)) return n;
  }
  return 0;
}

export const VIEW_KERNELS = {
  broadcast: {
    kind: "view",
    view: (src, node, input) => {
      const out = node.type.shape;
      const lead = out.length - input.type.shape.length;
      const strides = out.map((d, k) => {
        if (k < lead) return 0;
        const from = input.type.shape[k - lead]!;
        return from === 1 && !dimEquals(d, 1) ? 0 : src.strides[k - lead]!;
      });
      return { array: src.array, offset: src.offset, strides };
    },
  },
  transpose: {
    kind: "view",
    view: (src, node) => ({ array: src.array, offset: src.offset, strides: ints(node, "perm").map((p) => src.strides[p]!) }),
  },
  slice: {
    kind: "view",
    view: (src, node) => {
      const axis = node.attrs["axis"];
      const start = node.attrs["start"];
      if (typeof axis !== "number" || start === undefined || typeof start === "string" || typeof start === "boolean" || Array.isArray(start)) {
        throw new Error(`codegen: slice ${node.id} has malformed attributes`);
      }
      return { array: src.array, offset: dimAdd(src.offset, dimMul(start as Dim, src.strides[axis]!)), strides: src.strides };
    },
  },
  reshape: {
    kind: "view",
    alias: true,
    view: (src, node, input) => {
      if (isContiguous(src, input.type.shape)) return { array: src.array, offset: 0, strides: contiguousStrides(node.type.shape) };
      const strides = stridedReshape(input.type.shape, src.strides, node.type.shape);
      return strides === null ? null : { array: src.array, offset: src.offset, strides };
    },
  },
} satisfies Record<string, ViewKernel>;
